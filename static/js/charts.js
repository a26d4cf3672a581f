/* Draws every chart on the page from the figure the server put beside it.
 *
 * Each chart is a <div data-figure="ID"> with a <script type="application/json"
 * id="ID"> holding {data, layout}. No inline script: the page's CSP forbids it.
 */
(function () {
  "use strict";

  var REMOVED_BUTTONS = [
    "select2d",
    "lasso2d",
    "autoScale2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "hoverClosestGeo",
  ];

  // Plotly's toolbar buttons are <a> elements with only a tooltip: give them a
  // name, a role and a place in the tab order, and let Enter and Space press them.
  function nameButtons(element) {
    var buttons = element.querySelectorAll(".modebar-btn");
    Array.prototype.forEach.call(buttons, function (button) {
      var title = button.getAttribute("data-title");
      if (title) button.setAttribute("aria-label", title);
      button.setAttribute("role", "button");
      button.setAttribute("tabindex", "0");
      if (!button.dataset.keys) {
        button.dataset.keys = "1";
        button.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            button.dispatchEvent(new MouseEvent("click", { bubbles: true }));
          }
        });
      }
    });
    var bar = element.querySelector(".modebar");
    if (bar) {
      bar.setAttribute("role", "toolbar");
      bar.setAttribute("aria-label", "Chart tools");
    }
  }

  function showTableInstead(element) {
    var card = element.closest(".chart-card");
    element.hidden = true;
    if (!card) return;
    var table = card.querySelector("details.chart-table");
    if (table) table.open = true;
  }

  // On a phone, shorter labels and fewer ticks: the server sends them as `narrow`,
  // merged one level deep into the layout (axes, legend) or replacing a key.
  function layoutFor(figure, width) {
    var layout = figure.layout;
    if (!isNarrow(figure, width)) return layout;
    Object.keys(figure.narrow).forEach(function (key) {
      var value = figure.narrow[key];
      var current = layout[key];
      if (
        value && typeof value === "object" && !Array.isArray(value) &&
        current && typeof current === "object" && !Array.isArray(current)
      ) {
        layout[key] = Object.assign({}, current, value);
      } else {
        layout[key] = value;
      }
    });
    return layout;
  }

  function isNarrow(figure, width) {
    return Boolean(figure.narrow) && width < (figure.narrowWidth || 560);
  }

  function readFigure(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // Turning a phone or resizing a window across the narrow width redraws the
  // chart with the other layout.
  function redrawOnResize(element, config) {
    var narrow = isNarrow(readFigure(element), element.clientWidth);
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var figure = readFigure(element);
        var now = isNarrow(figure, element.clientWidth);
        if (now === narrow) return;
        narrow = now;
        window.Plotly.react(
          element,
          figure.data,
          layoutFor(figure, element.clientWidth),
          config,
        );
      }, 200);
    });
  }

  // A mark whose trace names an address for it (the figure's `ids`) opens that
  // page: a sector's bar, a project's point or row, a meeting's dot.
  function followClicks(element) {
    element.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      var ids = point && point.data && point.data.ids;
      var href = ids && ids[point.pointNumber];
      if (href && href.charAt(0) === "/") {
        window.location.assign(href.split("#")[0]);
      }
    });
  }

  function draw(element) {
    var figure = readFigure(element);
    if (!figure) return;
    var layout = layoutFor(figure, element.clientWidth);
    var config = {
      responsive: true,
      displaylogo: false,
      showSendToCloud: false,
      scrollZoom: false,
      modeBarButtonsToRemove: REMOVED_BUTTONS,
      // The map's country shapes come from this site, never from a CDN.
      topojsonURL: element.getAttribute("data-topojson"),
      toImageButtonOptions: { format: "png", scale: 2 },
    };
    window.Plotly.newPlot(element, figure.data, layout, config).then(
      function () {
        nameButtons(element);
        element.on("plotly_afterplot", function () {
          nameButtons(element);
        });
        followClicks(element);
        element.setAttribute("data-drawn", "true");
        redrawOnResize(element, config);
      },
      function () {
        showTableInstead(element);
      },
    );
  }

  function start() {
    var charts = document.querySelectorAll("[data-figure]");
    if (!window.Plotly) {
      Array.prototype.forEach.call(charts, showTableInstead);
      return;
    }
    Array.prototype.forEach.call(charts, draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
