// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Confirm destructive or final actions (e.g. 提交合同) marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // One submission per click: a double click must not send the form twice.
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 5000);
  });
})();
