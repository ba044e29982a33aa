// Reading aids that enhance pages which already work without JavaScript:
// elderly mode and font size (remembered across pages and visits), read aloud, copy link, print.
(function () {
  "use strict";
  var root = document.documentElement;
  var MIN_STEP = -1, MAX_STEP = 3;

  function save(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* the choice lasts for this page only */ }
  }

  // Elderly mode and font size
  var elderly = document.querySelector("[data-elderly-toggle]");
  if (elderly) {
    var show = function () {
      elderly.setAttribute("aria-pressed", root.hasAttribute("data-elderly") ? "true" : "false");
    };
    show();
    elderly.addEventListener("click", function () {
      if (root.hasAttribute("data-elderly")) root.removeAttribute("data-elderly");
      else root.setAttribute("data-elderly", "");
      save("village-elderly", root.hasAttribute("data-elderly") ? "1" : "0");
      show();
    });
    var steps = document.querySelectorAll("[data-font-change]");
    for (var i = 0; i < steps.length; i++) {
      steps[i].addEventListener("click", function (event) {
        var change = parseInt(event.currentTarget.getAttribute("data-font-change"), 10);
        var current = parseInt(root.getAttribute("data-font-step") || "0", 10);
        var next = change === 0 ? 0 : Math.max(MIN_STEP, Math.min(MAX_STEP, current + change));
        if (next) root.setAttribute("data-font-step", String(next));
        else root.removeAttribute("data-font-step");
        save("village-font-step", String(next));
      });
    }
  }

  // Read aloud with the browser's own voice for the page's language (any Chinese voice for a
  // Chinese page); the button stays hidden when there is none.
  var readButton = document.querySelector("[data-read-aloud]");
  var synth = window.speechSynthesis;
  if (readButton && synth && window.SpeechSynthesisUtterance) {
    var startLabel = readButton.textContent, stopLabel = readButton.getAttribute("data-label");
    var lang = root.lang || "zh-CN";
    var pickVoice = function () {
      var voices = synth.getVoices(), wanted = lang.toLowerCase();
      for (var v = 0; v < voices.length; v++) if (voices[v].lang.toLowerCase().replace("_", "-") === wanted) return voices[v];
      var primary = wanted.split("-")[0];
      for (v = 0; v < voices.length; v++) if (voices[v].lang.toLowerCase().split(/[-_]/)[0] === primary) return voices[v];
      return null;
    };
    var offer = function () { if (pickVoice()) readButton.removeAttribute("data-unavailable"); };
    offer();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
    readButton.addEventListener("click", function () {
      if (synth.speaking) { synth.cancel(); return; }
      var article = document.querySelector(".article");
      var utterance = new SpeechSynthesisUtterance(article ? article.innerText : document.title);
      utterance.voice = pickVoice();
      utterance.lang = utterance.voice ? utterance.voice.lang : lang;
      utterance.onend = utterance.onerror = function () { readButton.textContent = startLabel; };
      readButton.textContent = stopLabel;
      synth.speak(utterance);
    });
  }

  // A pin ends on its day even if the site was not rebuilt since
  var pins = document.querySelectorAll("[data-pinned-until]");
  if (pins.length) {
    var now = new Date();
    var day = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
    for (var p = 0; p < pins.length; p++) if (pins[p].getAttribute("data-pinned-until") < day) pins[p].hidden = true;
  }

  // A table wider than its box says so (左右滑动), and only then
  var wraps = document.querySelectorAll(".table-wrap");
  var markWide = function () {
    for (var w = 0; w < wraps.length; w++) {
      if (wraps[w].scrollWidth > wraps[w].clientWidth + 1) wraps[w].setAttribute("data-scrolls", "");
      else wraps[w].removeAttribute("data-scrolls");
    }
  };
  if (wraps.length) {
    markWide();
    window.addEventListener("resize", markWide);
    // 长者模式 and A+ change the width of every table
    new MutationObserver(markWide).observe(root, { attributes: true, attributeFilter: ["data-elderly", "data-font-step"] });
  }

  // Copy link and print
  var copy = document.querySelector("[data-copy-link]");
  if (copy) {
    copy.addEventListener("click", function () {
      var url = copy.getAttribute("data-copy-link"), label = copy.textContent;
      var done = function () {
        copy.textContent = copy.getAttribute("data-label");
        setTimeout(function () { copy.textContent = label; }, 2500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
      else window.prompt("", url);
    });
  }
  var print = document.querySelector("[data-print]");
  if (print) print.addEventListener("click", function () { window.print(); });
})();
