// Photo viewer: enhances photo grids that already work without JavaScript (each photo is a link).
// Arrow keys and swipes move, Esc or the close button closes, focus returns to the photo.
(function () {
  "use strict";
  // The words come from the page, in its language (base.html puts them on this script's tag).
  var script = document.currentScript;
  var text = function (name) { return (script && script.getAttribute("data-" + name)) || ""; };
  var grids = document.querySelectorAll("[data-gallery]");
  if (!grids.length || typeof HTMLDialogElement !== "function") return;

  var dialog = document.createElement("dialog");
  dialog.className = "viewer";
  dialog.setAttribute("aria-label", text("label"));
  dialog.innerHTML =
    '<figure><div class="viewer-image"></div><figcaption></figcaption></figure>' +
    '<p class="viewer-count" aria-live="polite"></p>' +
    '<button type="button" class="viewer-prev">‹</button>' +
    '<button type="button" class="viewer-next">›</button>' +
    '<button type="button" class="viewer-close">×</button>';
  dialog.querySelector(".viewer-prev").setAttribute("aria-label", text("previous"));
  dialog.querySelector(".viewer-next").setAttribute("aria-label", text("next"));
  dialog.querySelector(".viewer-close").setAttribute("aria-label", text("close"));
  document.body.appendChild(dialog);
  var frame = dialog.querySelector(".viewer-image");
  var caption = dialog.querySelector("figcaption");
  var count = dialog.querySelector(".viewer-count");
  var links = [];
  var index = 0;

  function show(i) {
    index = (i + links.length) % links.length;
    var link = links[index];
    var picture = link.querySelector("picture, img").cloneNode(true);
    // The enlarged photo fills the screen: let the browser pick a larger candidate.
    picture.querySelectorAll("source, img").forEach(function (el) { el.setAttribute("sizes", "100vw"); });
    picture.querySelectorAll("img").forEach(function (img) { img.loading = "eager"; });
    frame.replaceChildren(picture);
    var img = picture.querySelector("img") || picture;
    caption.textContent = link.getAttribute("data-caption") || img.getAttribute("alt") || "";
    count.textContent = text("count").replace("{index}", String(index + 1)).replace("{total}", String(links.length));
  }

  grids.forEach(function (grid) {
    var own = Array.prototype.slice.call(grid.querySelectorAll("a[data-photo]"));
    own.forEach(function (link, i) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        links = own;
        show(i);
        dialog.showModal();
      });
    });
  });

  dialog.querySelector(".viewer-prev").addEventListener("click", function () { show(index - 1); });
  dialog.querySelector(".viewer-next").addEventListener("click", function () { show(index + 1); });
  dialog.querySelector(".viewer-close").addEventListener("click", function () { dialog.close(); });
  // In a right-to-left edition (Uyghur, Kazakh) the next photo lies to the left: keys and swipes follow the page.
  var forward = getComputedStyle(document.documentElement).direction === "rtl" ? -1 : 1;
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") { show(index - forward); event.preventDefault(); }
    if (event.key === "ArrowRight") { show(index + forward); event.preventDefault(); }
  });
  dialog.addEventListener("close", function () {
    frame.replaceChildren();
    if (links[index]) links[index].focus();
  });
  var startX = null;
  dialog.addEventListener("touchstart", function (event) { startX = event.touches[0].clientX; }, { passive: true });
  dialog.addEventListener("touchend", function (event) {
    if (startX === null) return;
    var dx = event.changedTouches[0].clientX - startX;
    if (Math.abs(dx) > 40) show(index + (dx < 0 ? forward : -forward));
    startX = null;
  });
})();
