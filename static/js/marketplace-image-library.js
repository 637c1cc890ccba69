// 图片库: upload the chosen files one by one with a progress bar each (the plain form works
// without this script: it posts all files at once). The server answers JSON when asked to.
(function () {
  "use strict";
  var form = document.querySelector("[data-image-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var input = form.querySelector('input[type="file"]');
  var list = form.querySelector("[data-upload-progress]");
  var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;

  function row(file) {
    var item = document.createElement("li");
    item.className = "upload-progress__item";
    var name = document.createElement("span");
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("span");
    status.className = "upload-progress__status";
    item.append(name, bar, status);
    list.appendChild(item);
    return { bar: bar, status: status, item: item };
  }

  function send(file, ui) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      data.append("images", file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) ui.bar.value = Math.round((100 * event.loaded) / event.total);
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (error) { /* not JSON */ }
        if (xhr.status === 200 && body.ok) {
          ui.bar.value = 100;
          ui.status.textContent = "上传成功";
          ui.item.classList.add("is-done");
          resolve(true);
        } else {
          ui.status.textContent = (body.errors || ["上传失败，请重试。"]).join(" ");
          ui.item.classList.add("is-error");
          resolve(false);
        }
      });
      xhr.addEventListener("error", function () {
        ui.status.textContent = "网络错误，请重试。";
        ui.item.classList.add("is-error");
        resolve(false);
      });
      xhr.send(data);
    });
  }

  form.addEventListener("submit", function (event) {
    if (!input.files.length) return; // let the server say what is missing
    event.preventDefault();
    list.innerHTML = "";
    var files = Array.prototype.slice.call(input.files);
    var uploads = files.map(function (file) { return send(file, row(file)); });
    Promise.all(uploads).then(function (results) {
      // Reload to show the new images; keep the list when something failed so it can be read.
      if (results.every(Boolean)) window.location.reload();
      else input.value = "";
    });
  });
})();
