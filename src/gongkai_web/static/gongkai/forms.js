// Forms of the back office and the portal (served from the project's own static files).
// 1. A field with a length limit shows a counter and is never cut silently: the
//    browser's maxlength (which drops pasted text beyond the limit without a word) is
//    replaced by the counter; past the limit the counter turns red and says so, and
//    the server refuses the form with a clear error next to the field.
// 2. A form marked data-progress says what is happening once submitted and cannot be
//    submitted twice (report publication takes seconds).
(function () {
  "use strict";
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  function counterText(n, max) {
    if (n > max) {
      return english
        ? n + " / " + max + " characters: " + (n - max) + " too many"
        : n + " / " + max + " 字，超出 " + (n - max) + " 字，请删减";
    }
    return english ? n + " / " + max + " characters" : n + " / " + max + " 字";
  }
  document.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(function (field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!max || field.type === "password" || field.type === "hidden") { return; }
    field.removeAttribute("maxlength");
    field.setAttribute("data-maxlength", String(max));
    var counter = document.createElement("span");
    counter.className = "counter";
    counter.id = (field.id || field.name) + "-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var n = Array.from(field.value).length;
      counter.textContent = counterText(n, max);
      counter.classList.toggle("over", n > max);
      if (n > max) {
        field.setAttribute("aria-invalid", "true");
        field.dataset.overLimit = "1";
      } else if (field.dataset.overLimit) {
        field.removeAttribute("aria-invalid");
        delete field.dataset.overLimit;
      }
    }
    field.addEventListener("input", update);
    update();
  });
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.dataset.sent) { return; }
      form.dataset.sent = "1";
      var note = document.createElement("p");
      note.className = "progress";
      note.setAttribute("role", "status");
      note.textContent = form.getAttribute("data-progress");
      form.appendChild(note);
      form.setAttribute("aria-busy", "true");
      setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
