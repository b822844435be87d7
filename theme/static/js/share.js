/* Story sharing: copy the link, write an e-mail, print. No other site's script is involved.
   Without this file the buttons stay hidden; the Weibo link works on its own. */
(function () {
  "use strict";
  var box = document.querySelector(".share");
  if (!box) {
    return;
  }
  var status = box.querySelector(".share-status");
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  function offer(item, action) {
    var button = item && item.querySelector("button");
    if (button) {
      button.addEventListener("click", action);
      item.hidden = false;
    }
  }
  var copy = box.querySelector("[data-copy]");
  if (copy && navigator.clipboard && window.isSecureContext) {
    offer(copy, function () {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(
        function () { say("链接已复制。"); },
        function () { say("没能复制，请复制地址栏中的链接。"); }
      );
    });
  }
  var mail = box.querySelector("[data-mail]");
  offer(mail, function () {
    window.location.href = mail.getAttribute("data-mail");
  });
  if (typeof window.print === "function") {
    offer(box.querySelector("[data-print]"), function () {
      window.print();
    });
  }
})();
