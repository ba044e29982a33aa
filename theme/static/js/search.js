// Mounts Pagefind's search box; without JavaScript the page offers the archive instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box || typeof PagefindUI !== "function") return;
  box.hidden = false;
  var fallback = document.querySelector("[data-search-fallback]");
  if (fallback) fallback.hidden = true;
  var ui = new PagefindUI({ element: "#search", bundlePath: box.getAttribute("data-bundle"), showImages: false, resetStyles: false, autofocus: true });
  var words = new URLSearchParams(location.search).get("q");
  if (words) ui.triggerSearch(words);
})();
