// plotly.js with only what the dashboard draws: bar, scatter, pie and scattergeo
// traces, and the components those charts use. It mirrors plotly.js/src/core.js
// without the sliders, menus, range selectors, images and colour bars, to keep the
// page's JavaScript under its budget. Built by `make assets`.
"use strict";

exports.version = require("plotly.js/src/version").version;

require("plotly.js/build/plotcss");

var Registry = require("plotly.js/src/registry");
exports.register = Registry.register;

var plotApi = require("plotly.js/src/plot_api");
Object.keys(plotApi).forEach(function (name) {
  if (name.charAt(0) !== "_") exports[name] = plotApi[name];
  Registry.register({ moduleType: "apiMethod", name: name, fn: plotApi[name] });
});

Registry.register(require("plotly.js/src/traces/scatter"));

Registry.register([
  require("plotly.js/src/components/annotations"),
  require("plotly.js/src/components/selections"),
  require("plotly.js/src/components/shapes"),
  require("plotly.js/src/components/grid"),
  require("plotly.js/src/components/errorbars"),
  require("plotly.js/src/components/colorscale"),
  // Legend after shapes and fx after legend: their defaults depend on each other.
  require("plotly.js/src/components/legend"),
  require("plotly.js/src/components/fx"),
  require("plotly.js/src/components/modebar"),
]);

Registry.register([
  require("plotly.js/src/locale-en"),
  require("plotly.js/src/locale-en-us"),
]);

Registry.register([
  require("plotly.js/src/traces/bar"),
  require("plotly.js/src/traces/pie"),
  require("plotly.js/src/traces/scattergeo"),
]);

exports.Icons = require("plotly.js/src/fonts/ploticon");
exports.Snapshot = require("plotly.js/src/snapshot");
