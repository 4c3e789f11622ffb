// Refuses, before anything is sent, a file larger than the server accepts: the entrant is not
// made to wait for an upload the server would refuse (413) after minutes on a slow line.
// Progressive enhancement: the server checks the size too. The limit (bytes) and the message
// come from the file input's data-max-bytes and data-too-large attributes.
(function () {
  "use strict";

  var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
  Array.prototype.forEach.call(inputs, function (input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    var message = input.getAttribute("data-too-large") || "";
    var note = document.createElement("p");
    note.className = "field-error";
    note.id = input.id + "-size-error";
    note.setAttribute("role", "alert");
    note.hidden = true;
    input.insertAdjacentElement("afterend", note);

    // Whether the chosen file fits; says so beside the input when it does not.
    function fits() {
      var file = input.files && input.files[0];
      var tooLarge = Boolean(file) && file.size > limit;
      input.setCustomValidity(tooLarge ? message : "");
      note.textContent = tooLarge ? message : "";
      note.hidden = !tooLarge;
      if (tooLarge) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-errormessage", note.id);
      } else {
        input.removeAttribute("aria-errormessage");
      }
      return !tooLarge;
    }

    input.addEventListener("change", fits);
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (!fits()) {
          event.preventDefault();
          input.focus();
        }
      });
    }
  });
})();
