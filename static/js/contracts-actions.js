/* Contracts in the member centre: uploads with a progress bar. Without JavaScript the forms
   post normally and the page reloads. The confirmations before irreversible actions
   (form[data-confirm]) are portal.js's, which handles them on every page: asking here too
   showed each confirm dialog twice. */
(function () {
  "use strict";

  document.querySelectorAll("form[data-upload-form]").forEach(function (form) {
    var progress = form.querySelector(".contract-upload__progress");
    var status = form.querySelector(".contract-upload__status");
    var button = form.querySelector("button[type=submit]");

    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) {
        return;
      }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.responseType = "json";
      progress.hidden = false;
      progress.value = 0;
      button.disabled = true;
      status.textContent = "正在上传…";
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          progress.value = Math.round((e.loaded / e.total) * 100);
          status.textContent = "正在上传… " + progress.value + "%";
        }
      });
      request.addEventListener("load", function () {
        var data = request.response || {};
        if (request.status === 200 && data.ok) {
          window.location.assign(data.redirect || window.location.href);
          return;
        }
        button.disabled = false;
        progress.hidden = true;
        status.textContent = (data.errors || ["上传失败，请重试。"]).join(" ");
      });
      request.addEventListener("error", function () {
        button.disabled = false;
        progress.hidden = true;
        status.textContent = "网络错误，上传失败，请重试。";
      });
      request.send(new FormData(form));
    });
  });
})();
