/* Contracts in the member centre: uploads with a progress bar. Without JavaScript the forms
   post normally and the page reloads (a refused upload comes back with its errors under the
   fields). The confirmations before irreversible actions (form[data-confirm]) are portal.js's,
   which handles them on every page: asking here too showed each confirm dialog twice. */
(function () {
  "use strict";

  /* Banners of earlier steps (「已上传 1 个文件。」) must not stand beside a later error. */
  function removeBanners() {
    document.querySelectorAll(".messages").forEach(function (list) {
      list.remove();
    });
  }

  function describedBy(input, id, add) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (value) {
      return value && value !== id;
    });
    if (add) {
      ids.push(id);
    }
    if (ids.length) {
      input.setAttribute("aria-describedby", ids.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  function setFieldErrors(field, messages) {
    var box = field.querySelector("[data-field-errors]");
    var input = field.querySelector("input, select, textarea");
    box.textContent = "";
    messages.forEach(function (text) {
      var line = document.createElement("p");
      line.className = "field__error";
      line.textContent = text;
      box.appendChild(line);
    });
    box.hidden = messages.length === 0;
    field.classList.toggle("field--error", messages.length > 0);
    if (input) {
      if (messages.length) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
      describedBy(input, box.id, messages.length > 0);
    }
  }

  document.querySelectorAll("form[data-upload-form]").forEach(function (form) {
    var progress = form.querySelector(".contract-upload__progress");
    var status = form.querySelector(".contract-upload__status");
    var button = form.querySelector("button[type=submit]");
    var fields = form.querySelectorAll("[data-field]");

    function fieldNamed(name) {
      return form.querySelector('[data-field="' + name + '"]') || form.querySelector('[data-field="files"]');
    }

    function showErrors(byField) {
      removeBanners();
      status.textContent = "";
      fields.forEach(function (field) {
        setFieldErrors(field, []);
      });
      var grouped = {};
      Object.keys(byField).forEach(function (name) {
        var field = fieldNamed(name);
        var key = field.getAttribute("data-field");
        grouped[key] = (grouped[key] || []).concat(byField[name]);
      });
      Object.keys(grouped).forEach(function (key) {
        setFieldErrors(fieldNamed(key), grouped[key]);
      });
    }

    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) {
        return;
      }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action").split("#")[0]);
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
        showErrors(data.fields || { files: data.errors || ["上传失败，请重试。"] });
      });
      request.addEventListener("error", function () {
        button.disabled = false;
        progress.hidden = true;
        showErrors({ files: ["网络错误，上传失败，请重试。"] });
      });
      request.send(new FormData(form));
    });
  });
})();
