/* Draws each chart as it nears the viewport, loading plotly.js for the first.
 *
 * plotly.js is most of a chart page's weight, and starting it is one long task:
 * it is fetched only once a chart is about to be seen, and never before the
 * page has loaded and painted. Charts are then drawn one per task, so that the
 * browser paints and answers input between them. Until a chart is drawn, its
 * summary and table (in the HTML) say what it shows.
 */
(function () {
  "use strict";

  // How far outside the viewport a chart starts loading: about a screen's
  // scroll on a phone, so that it is usually drawn by the time it is seen.
  var NEAR = "0px 0px 50% 0px";
  var script = document.currentScript;
  var plotlySrc = script && script.getAttribute("data-plotly");
  var charts = document.querySelectorAll("[data-figure]");
  var queue = [];
  var plotly = null;
  var drawing = false;

  if (!charts.length || !window.CPECCharts) return;

  function afterLoad() {
    return new Promise(function (resolve) {
      function idle() {
        if (window.requestIdleCallback) {
          window.requestIdleCallback(resolve, { timeout: 1000 });
        } else {
          window.setTimeout(resolve, 0);
        }
      }
      if (document.readyState === "complete") idle();
      else window.addEventListener("load", idle, { once: true });
    });
  }

  function loadPlotly() {
    if (plotly) return plotly;
    plotly = afterLoad().then(function () {
      if (window.Plotly) return undefined;
      return new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlySrc;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    });
    return plotly;
  }

  function drawOne(element) {
    try {
      return window.CPECCharts.draw(element);
    } catch (error) {
      window.CPECCharts.showTableInstead(element);
      return Promise.resolve();
    }
  }

  // One chart, then a new task (setTimeout), then the next.
  function drain() {
    if (drawing) return;
    var element = queue.shift();
    if (!element) return;
    drawing = true;
    drawOne(element).then(next, next);
  }

  function next() {
    drawing = false;
    window.setTimeout(drain, 0);
  }

  function failed() {
    queue.splice(0).forEach(window.CPECCharts.showTableInstead);
    Array.prototype.forEach.call(charts, function (element) {
      if (!element.hasAttribute("data-drawn")) {
        window.CPECCharts.showTableInstead(element);
      }
    });
    if (observer) observer.disconnect();
  }

  function want(element) {
    queue.push(element);
    loadPlotly().then(function () {
      if (!window.Plotly) throw new Error("plotly.js did not start");
      drain();
    }, failed).catch(failed);
  }

  var observer = null;
  if (!window.IntersectionObserver) {
    Array.prototype.forEach.call(charts, want);
    return;
  }
  observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        want(entry.target);
      });
    },
    { rootMargin: NEAR },
  );
  Array.prototype.forEach.call(charts, function (element) {
    observer.observe(element);
  });
})();
