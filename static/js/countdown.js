// Keeps each <time class="countdown"> (a deadline written as "in 3 days" by the server) current
// while the page stays open, in the page's language. Without JavaScript the server's words stay.
(function () {
  "use strict";
  var times = document.querySelectorAll("time.countdown[datetime]");
  if (!times.length || !window.Intl || !Intl.RelativeTimeFormat) return;
  var words = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "always" });
  var units = [["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  function say(seconds) {
    for (var i = 0; i < units.length; i++) {
      var size = units[i][1];
      if (Math.abs(seconds) >= size * 1.5 || units[i][0] === "minute") {
        return words.format(Math.round(seconds / size), units[i][0]);
      }
    }
  }
  function update() {
    var now = Date.now();
    times.forEach(function (time) {
      var deadline = Date.parse(time.getAttribute("datetime"));
      if (!isNaN(deadline)) time.textContent = say((deadline - now) / 1000);
    });
  }
  update();
  window.setInterval(update, 30000);
})();
