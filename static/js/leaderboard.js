// The live leaderboard: follows the round's event stream and redraws the board in place.
// Progressive enhancement: the server renders the same board, so the page works without this
// file (reloading shows the latest). Every word shown comes from the page's data- attributes.
(function () {
  "use strict";

  var board = document.getElementById("live-board");
  if (!board || !window.EventSource) {
    return;
  }
  var rows = document.getElementById("live-rows");
  var template = document.getElementById("live-row-template");
  var indicator = document.getElementById("live-indicator");
  var announcer = document.getElementById("live-announcer");
  var fullscreen = document.getElementById("live-fullscreen");
  var progressBar = document.getElementById("live-progress-bar");
  var cardsIn = document.getElementById("live-cards-in");
  var cardsExpected = document.getElementById("live-cards-expected");
  var chinese = board.getAttribute("data-locale") === "zh_CN";
  var totals = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: false,
  });
  var last = null;

  function text(name) {
    return board.getAttribute("data-text-" + name) || "";
  }

  function fill(message, values) {
    return message.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  // The track name in the page's language, falling back to the other one.
  function trackName(project) {
    var first = chinese ? project.track_name_zh : project.track_name_en;
    return first || (chinese ? project.track_name_en : project.track_name_zh) || "";
  }

  function setText(row, selector, value) {
    var element = row.querySelector(selector);
    element.textContent = value;
    return element;
  }

  // The language the server marked on a project's own words (its lang_attr filter), kept
  // when the row is drawn again, so screen readers keep reading them with the right voice.
  function keepLang(project, row, selector) {
    var drawn = rows.querySelector('tr[data-submission="' + project.submission_id + '"] ' + selector);
    var lang = drawn && drawn.getAttribute("lang");
    if (lang) {
      row.querySelector(selector).setAttribute("lang", lang);
    }
  }

  function drawRow(project) {
    var row = template.content.firstElementChild.cloneNode(true);
    row.setAttribute("data-submission", String(project.submission_id));
    setText(row, ".live-pitch", String(project.pitch));
    setText(row, ".live-rank", project.rank === null ? "\u2014" : String(project.rank));
    setText(row, ".live-title", project.title);
    keepLang(project, row, ".live-title");
    var organization = setText(row, ".live-organization", project.organization || "");
    keepLang(project, row, ".live-organization");
    if (!project.organization) {
      organization.remove();
    }
    setText(row, ".live-track", trackName(project));
    var progress = row.querySelector("progress");
    progress.max = project.cards_expected || 1;
    progress.value = project.cards_in;
    setText(row, ".live-cards-count", project.cards_in + " / " + project.cards_expected);
    setText(row, ".live-score", project.score === null ? "\u2014" : totals.format(project.score));
    return row;
  }

  function announce(state) {
    var messages = [];
    if (last !== null && state.revealed !== last.revealed) {
      messages.push(text(state.revealed ? "revealed" : "hidden"));
    }
    if (last === null || state.cards_in !== last.cards_in) {
      messages.push(fill(text("progress"), { received: state.cards_in, expected: state.cards_expected }));
    }
    // On the first state the page already says all this; only changes are announced.
    if (last !== null && messages.length) {
      announcer.textContent = messages.join(" ");
    }
  }

  function draw(state) {
    board.setAttribute("data-revealed", state.revealed ? "true" : "false");
    progressBar.max = state.cards_expected || 1;
    progressBar.value = state.cards_in;
    progressBar.textContent = state.cards_in + " / " + state.cards_expected;
    cardsIn.textContent = String(state.cards_in);
    cardsExpected.textContent = String(state.cards_expected);
    if (state.projects.length) {
      var fresh = document.createDocumentFragment();
      state.projects.forEach(function (project) {
        fresh.appendChild(drawRow(project));
      });
      rows.replaceChildren(fresh);
    }
    announce(state);
    last = state;
    board.setAttribute("data-updates", String(Number(board.getAttribute("data-updates")) + 1));
  }

  function status(name) {
    indicator.hidden = false;
    indicator.setAttribute("data-status", name);
    indicator.textContent = text(name);
  }

  var source = new EventSource(board.getAttribute("data-events-url"));
  status("connecting");
  source.addEventListener("open", function () {
    status("live");
  });
  source.addEventListener("state", function (event) {
    status("live");
    draw(JSON.parse(event.data));
  });
  // EventSource reconnects by itself; it gives up only when the board is no longer there
  // for this viewer (made private, or the round deleted).
  source.addEventListener("error", function () {
    status(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting");
  });

  if (fullscreen && document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        board.requestFullscreen();
      }
    });
  }
})();
