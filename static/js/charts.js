/* Draws a chart from the figure the server put beside it, when chart-loader.js
 * asks (as the chart nears the viewport, once plotly.js is loaded).
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
    // Replaced by exportButtons: a bare plot-image.png would drop the title,
    // the source and the licence.
    "toImage",
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
      // The page gives the words in its language (data-i18n-* on the card).
      var card = element.closest(".chart-card");
      var words = card ? card.dataset : {};
      bar.setAttribute("aria-label", words.i18nTools || "Chart tools");
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

  // Exports ------------------------------------------------------------------
  // A PNG or SVG of a chart carries its title, source, data version and licence
  // drawn into the image: the card (or the embed page) names them in data-export-*.
  var TITLE_SPACE = 56;
  var LINE_HEIGHT = 17;
  var FOOTER_PAD = 14;

  function exportInfo(element) {
    var holder = element.closest("[data-export-title]");
    if (!holder) return null;
    return {
      title: holder.getAttribute("data-export-title"),
      lines: [
        holder.getAttribute("data-export-source"),
        holder.getAttribute("data-export-version"),
        holder.getAttribute("data-export-licence"),
      ].filter(Boolean),
      filename: holder.getAttribute("data-export-filename") || "cpec-chart",
    };
  }

  // Plotly reads a subset of HTML in a title or an annotation; the title and the
  // source name records, which are text (as plain() in projects/charts/base.py).
  function plain(text) {
    return text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }

  function wrapTitle(text, width) {
    var most = Math.max(20, Math.floor(width / 10));
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > most) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  // The figure an image is made from: what is drawn, at its size on screen,
  // with the title above it and the source lines below it. PNG and SVG both
  // come from here, so they say the same.
  function exportFigure(element) {
    var info = exportInfo(element);
    var size = element._fullLayout._size;
    var width = Math.max(element._fullLayout.width, 640);
    var titleLines = wrapTitle(info.title, width);
    var top = TITLE_SPACE + (titleLines.length - 1) * 22;
    var bottom = info.lines.length * LINE_HEIGHT + FOOTER_PAD;
    var layout = JSON.parse(JSON.stringify(element.layout));
    layout.margin = Object.assign({}, layout.margin, {
      t: size.t + top,
      b: size.b + bottom,
    });
    layout.height = element._fullLayout.height + top + bottom;
    layout.width = width;
    layout.title = {
      text: titleLines.map(plain).join("<br>"),
      x: 0,
      xref: "container",
      xanchor: "left",
      y: 1,
      yref: "container",
      yanchor: "top",
      pad: { t: 14, l: 14 },
      font: { size: 19, color: "#0b0c0c" },
    };
    // Annotations sit against the plot area: shifted left to the image's edge
    // and down past the axis labels, one line each.
    var footer = info.lines.map(function (line, index) {
      return {
        text: plain(line),
        showarrow: false,
        xref: "paper",
        yref: "paper",
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        align: "left",
        xshift: 14 - size.l,
        yshift: -(size.b + 4 + index * LINE_HEIGHT),
        font: { size: 12, color: "#505a5f" },
      };
    });
    layout.annotations = (layout.annotations || []).concat(footer);
    return {
      data: JSON.parse(JSON.stringify(element.data)),
      layout: layout,
      width: width,
      height: layout.height,
      filename: info.filename,
    };
  }

  function dataUrlToBlob(url) {
    var comma = url.indexOf(",");
    var head = url.slice(5, comma);
    var body = url.slice(comma + 1);
    var type = head.split(";")[0];
    if (head.indexOf(";base64") === -1) {
      return new Blob([decodeURIComponent(body)], { type: type });
    }
    var bytes = window.atob(body);
    var buffer = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i += 1) buffer[i] = bytes.charCodeAt(i);
    return new Blob([buffer], { type: type });
  }

  function saveFile(blob, filename) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  function exportImage(element, format) {
    var figure = exportFigure(element);
    return window.Plotly.toImage(
      { data: figure.data, layout: figure.layout },
      {
        format: format,
        width: figure.width,
        height: figure.height,
        scale: format === "png" ? 2 : 1,
      },
    ).then(function (url) {
      saveFile(dataUrlToBlob(url), figure.filename + "." + format);
    });
  }

  function exportButtons(element) {
    if (!exportInfo(element)) return [];
    return ["png", "svg"].map(function (format) {
      return {
        name: "download-" + format,
        title:
          (element.closest(".chart-card") || { dataset: {} }).dataset[
            "i18nDownload" + format.charAt(0).toUpperCase() + format.slice(1)
          ] || "Download " + format.toUpperCase() + " with title and source",
        // A camera for the picture, a disk for the drawing (SVG).
        icon: window.Plotly.Icons[format === "png" ? "camera" : "disk"],
        click: function () {
          exportImage(element, format);
        },
      };
    });
  }

  function showExportControls(element) {
    var card = element.closest(".chart-card");
    if (!card) return;
    var buttons = card.querySelectorAll("button[data-export]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        exportImage(element, button.getAttribute("data-export"));
      });
    });
  }

  // Share and Embed: a Copy button beside each text to copy, where the
  // browser lets a page write to the clipboard; the text is selectable anyway.
  function listenForCopies() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field || !navigator.clipboard) return;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        field.select();
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.dataset.i18nCopied || "Copied";
          window.setTimeout(function () {
            button.textContent = label;
          }, 2000);
        });
      });
    });
  }

  function draw(element) {
    var figure = readFigure(element);
    if (!figure) return Promise.resolve();
    var layout = layoutFor(figure, element.clientWidth);
    var config = {
      responsive: true,
      displaylogo: false,
      showSendToCloud: false,
      scrollZoom: false,
      modeBarButtonsToRemove: REMOVED_BUTTONS,
      // The map's country shapes come from this site, never from a CDN.
      topojsonURL: element.getAttribute("data-topojson"),
      modeBarButtonsToAdd: exportButtons(element),
    };
    return window.Plotly.newPlot(element, figure.data, layout, config).then(
      function () {
        nameButtons(element);
        element.on("plotly_afterplot", function () {
          nameButtons(element);
        });
        followClicks(element);
        showExportControls(element);
        element.setAttribute("data-drawn", "true");
        redrawOnResize(element, config);
      },
      function () {
        showTableInstead(element);
      },
    );
  }

  // chart-loader.js decides when each chart is drawn, and loads plotly.js first.
  window.CPECCharts = {
    draw: draw,
    showTableInstead: showTableInstead,
    exportFigure: exportFigure,
    exportImage: exportImage,
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", listenForCopies);
  } else {
    listenForCopies();
  }
})();
