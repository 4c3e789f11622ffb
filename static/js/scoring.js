// The weighted total of the scoring form, updated as the judge types.
// Progressive enhancement: the form works without this file; the server computes the same
// total, sum(weight x (score - min) / (max - min) x 100) in rubric order, when it saves.
(function () {
  "use strict";

  var form = document.querySelector("form[data-scorecard]");
  var output = document.getElementById("live-total");
  if (!form || !output) {
    return;
  }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-weight-bp]"));
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  });

  // The total of a complete card, or null while a score is missing or outside its scale.
  function total() {
    var sum = 0.0;
    for (var i = 0; i < inputs.length; i += 1) {
      var input = inputs[i];
      var text = input.value.trim();
      if (text === "") {
        return null;
      }
      var value = Number(text);
      var min = Number(input.getAttribute("data-min"));
      var max = Number(input.getAttribute("data-max"));
      if (!isFinite(value) || value < min || value > max) {
        return null;
      }
      // The same operations in the same order as scoring.scorecard_total, so the figures match.
      var weight = Number(input.getAttribute("data-weight-bp")) / 10000;
      sum = sum + weight * (((value - min) / (max - min)) * 100.0);
    }
    return sum;
  }

  function update() {
    var value = total();
    output.textContent = value === null ? "\u2014" : format.format(value);
  }

  form.addEventListener("input", update);
  update();
})();
