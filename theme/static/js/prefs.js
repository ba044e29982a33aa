// Applies the reader's saved elderly mode and font size before the page is drawn (no flash).
(function (root) {
  root.setAttribute("data-js", "");
  try {
    if (localStorage.getItem("village-elderly") === "1") root.setAttribute("data-elderly", "");
    var step = parseInt(localStorage.getItem("village-font-step") || "0", 10);
    if (step) root.setAttribute("data-font-step", String(step));
  } catch (e) { /* storage blocked (some in-app browsers): defaults apply */ }
})(document.documentElement);
