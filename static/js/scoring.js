// The judge's project page: the deck unfolded on a wide screen, and the scoring form's weighted
// total and score messages, updated as the judge types.
// Progressive enhancement: the page works without this file. The server reads a typed score by
// the same rules (judging/reviews/score_checks.py: a point or a comma before the decimals,
// within the scale, at most data-decimals places) and computes the same total,
// sum(weight x (score - min) / (max - min) x 100) in rubric order, when it saves; the messages
// are the server's own, handed over in the inputs' data-message-* attributes.
(function () {
  "use strict";

  // Beside the scores there is room for the deck; on a phone it stays folded (see the page).
  var deck = document.querySelector("details[data-deck]");
  if (deck && window.matchMedia && window.matchMedia("(min-width: 64rem)").matches) {
    deck.open = true;
  }

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
  // As score_checks._TYPED_SCORE: no exponent, no thousands separator.
  var TYPED_SCORE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

  // What the judge typed: {value, problem}; value null when blank or wrong, problem the
  // message the server would answer (null when the score is fine or blank).
  function read(input) {
    // NFKC: full-width digits from a Chinese input method read as ASCII ones, as on the server.
    var text = input.value.normalize("NFKC").trim();
    if (text === "") {
      return { value: null, problem: null };
    }
    if (!TYPED_SCORE.test(text)) {
      return { value: null, problem: input.getAttribute("data-message-number") };
    }
    var value = Number(text.replace(",", "."));
    var min = Number(input.getAttribute("data-min"));
    var max = Number(input.getAttribute("data-max"));
    if (!isFinite(value) || value < min || value > max) {
      return { value: null, problem: input.getAttribute("data-message-scale") };
    }
    // Trailing zeros are not decimals: "7.50" is 7.5, as the server reads it.
    var decimals = (text.split(/[.,]/)[1] || "").replace(/0+$/, "");
    if (decimals.length > Number(input.getAttribute("data-decimals"))) {
      return { value: null, problem: input.getAttribute("data-message-precision") };
    }
    return { value: value, problem: null };
  }

  // The field's own message beside it, linked as the server links its errors; none when fine.
  function showProblem(input, problem) {
    var id = input.id + "-error";
    var message = document.getElementById(id);
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    var field = input.closest(".field");
    if (problem) {
      if (!message) {
        message = document.createElement("p");
        message.className = "field-error";
        message.id = id;
        input.insertAdjacentElement("afterend", message);
      }
      message.textContent = problem;
      if (described.indexOf(id) < 0) {
        described.push(id);
      }
      input.setAttribute("aria-invalid", "true");
      if (field) {
        field.classList.add("has-error");
      }
    } else {
      if (message) {
        message.remove();
      }
      described = described.filter(function (each) {
        return each !== id;
      });
      input.removeAttribute("aria-invalid");
      if (field) {
        field.classList.remove("has-error");
      }
    }
    if (described.length) {
      input.setAttribute("aria-describedby", described.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  // The total of a complete card, or null while a score is missing or wrong.
  function total() {
    var sum = 0.0;
    for (var i = 0; i < inputs.length; i += 1) {
      var input = inputs[i];
      var value = read(input).value;
      if (value === null) {
        return null;
      }
      var min = Number(input.getAttribute("data-min"));
      var max = Number(input.getAttribute("data-max"));
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

  form.addEventListener("input", function (event) {
    // Only the score being typed gets a new message: the server's others stay until edited.
    if (inputs.indexOf(event.target) >= 0) {
      showProblem(event.target, read(event.target).problem);
    }
    update();
  });
  update();
})();
