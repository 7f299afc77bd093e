// Filters the findings by rule, severity, reviewed and text. The page works without this
// script (every finding is shown); the filters' state is kept in the address's fragment
// (#rule=timeline&severity=error&reviewed=no&text=gross), so a filtered view can be
// linked to, and is read from it when the page opens.
(function () {
  "use strict";
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var fields = ["rule", "severity", "reviewed", "text"];
  var controls = {};
  fields.forEach(function (name) { controls[name] = document.getElementById("filter-" + name); });
  var shown = document.getElementById("shown");

  function wanted() {
    var w = {};
    fields.forEach(function (name) { w[name] = controls[name].value.trim(); });
    return w;
  }

  function matches(finding, w) {
    var d = finding.dataset;
    return (!w.rule || d.rule === w.rule)
      && (!w.severity || d.severity === w.severity)
      && (!w.reviewed || d.reviewed === w.reviewed)
      && (!w.text || finding.textContent.toLowerCase().indexOf(w.text.toLowerCase()) >= 0);
  }

  function apply() {
    var w = wanted();
    var count = 0;
    findings.forEach(function (finding) {
      var show = matches(finding, w);
      finding.hidden = !show;
      if (show) { count += 1; }
    });
    shown.textContent = count + " of " + findings.length + " findings shown";
    var state = fields.filter(function (name) { return w[name]; })
      .map(function (name) { return name + "=" + encodeURIComponent(w[name]); }).join("&");
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", state ? "#" + state : window.location.pathname + window.location.search);
    }
  }

  // The fragment's values are only ever compared and shown as text, never as markup.
  window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
    var at = pair.indexOf("=");
    if (at < 0) { return; }
    var name = pair.slice(0, at);
    var value;
    try { value = decodeURIComponent(pair.slice(at + 1)); } catch (e) { return; }
    if (fields.indexOf(name) >= 0) { controls[name].value = value; }
  });
  fields.forEach(function (name) {
    controls[name].addEventListener(name === "text" ? "input" : "change", apply);
  });
  apply();
  document.body.setAttribute("data-ready", "yes");
})();
