/* The build's checks that span more than one field, run in the editor before it saves, so an
   entry the form accepts is one the build accepts: the privacy guard (source/privacy.py, ported
   rule for rule), 事项 and 类型 (gongkai/reading.py), the finance sign-off (gongkai/review.py),
   what each 办理状态 needs (cards/inquiries.py), the order, dates and votes of 四议两公开
   (gongkai/decisions.py), the four sections of a 明白卡 (cards/monthly.py) and the contact card's
   phones (cards/contacts.py). The build stays
   the authority; tests/test_editor_browser.py runs the same cases through both.
   window.VILLAGE (village-keys.js) gives the village's subjects, allowed phones and settings. */
(function () {
  'use strict';
  var VILLAGE = window.VILLAGE || {};

  /* -- privacy.py ------------------------------------------------------------------------- */
  var NORMAL_FROM = '０１２３４５６７８９Ｘｘ\u3000\u00a0\u2009\u202f\u200b\u200c\u200d\u2060\ufeff‐‑‒–—−﹣－．';
  var NORMAL_TO = '0123456789Xx' + '         ' + '--------' + '.';
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK = '10X98765432';
  var PROVINCES = ('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 ' +
    '71 81 82 83').split(' ');
  var KINDS = { id: '身份证号', id_typo: '身份证号', bank: '银行卡号', mobile: '手机号' };
  var NUMBER = /(?<!\d)\+?\d+[Xx]?(?:[ .-]\+?\d+[Xx]?)*(?!\d)/g;

  function normalise(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var at = NORMAL_FROM.indexOf(text.charAt(i));
      out += at < 0 ? text.charAt(i) : NORMAL_TO.charAt(at);
    }
    return out;
  }

  function validDate(text) {
    var y = +text.slice(0, 4), m = +text.slice(4, 6), d = +text.slice(6, 8);
    var day = new Date(Date.UTC(y, m - 1, d));
    if (!(m >= 1 && m <= 12 && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d)) return false;
    return y >= 1900 && day.getTime() <= Date.now();
  }

  function isIdNumber(digits) {
    if (digits.length === 18 && /^\d{17}/.test(digits)) {
      var total = 0;
      for (var i = 0; i < 17; i++) total += +digits.charAt(i) * ID_WEIGHTS[i];
      return ID_CHECK.charAt(total % 11) === digits.charAt(17).toUpperCase() && '12345678'.indexOf(digits.charAt(0)) >= 0 &&
        validDate(digits.slice(6, 14));
    }
    if (digits.length === 15 && /^\d+$/.test(digits)) return '12345678'.indexOf(digits.charAt(0)) >= 0 && validDate('19' + digits.slice(6, 12));
    return false;
  }

  function isMistypedId(digits) {
    return digits.length === 18 && /^\d{17}[0-9Xx]$/.test(digits) && PROVINCES.indexOf(digits.slice(0, 2)) >= 0 &&
      validDate(digits.slice(6, 14)) && !isIdNumber(digits);
  }

  function passesLuhn(digits) {
    var total = 0;
    for (var i = 0; i < digits.length; i++) {
      var value = +digits.charAt(digits.length - 1 - i);
      if (i % 2) value = value > 4 ? value * 2 - 9 : value * 2;
      total += value;
    }
    return total % 10 === 0;
  }

  function digitsOf(text) {
    var plain = normalise(String(text)).replace(/[ .-]/g, '');
    if (plain.indexOf('+86') === 0) plain = plain.slice(3);
    else if (plain.indexOf('86') === 0 && plain.length === 13) plain = plain.slice(2);
    return plain;
  }

  function stars(n) { return new Array(n + 1).join('*'); }

  function classify(raw, allowed) {
    var digits = digitsOf(raw);
    var maskId = function () { return digits.slice(0, 6) + stars(digits.length - 10) + digits.slice(-4); };
    if (isIdNumber(digits)) return ['id', maskId()];
    if (isMistypedId(digits)) return ['id_typo', maskId()];
    if (!/^\d+$/.test(digits)) return null;
    if (digits.length >= 16 && digits.length <= 19 && passesLuhn(digits)) {
      var hidden = stars(digits.length - 8), groups = [];
      for (var i = 0; i < hidden.length; i += 4) groups.push(hidden.slice(i, i + 4));
      return ['bank', [digits.slice(0, 4)].concat(groups, [digits.slice(-4)]).join(' ')];
    }
    if (digits.length === 11 && digits.charAt(0) === '1' && '3456789'.indexOf(digits.charAt(1)) >= 0 && allowed.indexOf(digits) < 0) {
      return ['mobile', digits.slice(0, 3) + '****' + digits.slice(-4)];
    }
    return null;
  }

  function maskRun(run, allowed) {
    if ((run.match(/\d/g) || []).length < 11) return [];
    var groups = [], re = /\+?\d+[Xx]?/g, m;
    while ((m = re.exec(run))) groups.push([m.index, m.index + m[0].length]);
    var seps = [''];
    for (var g = 1; g < groups.length; g++) seps.push(run.charAt(groups[g - 1][1]));
    var taken = groups.map(function () { return false; });
    var first = 0, last;
    while (first < groups.length) {  // a decimal number (exactly one dot) is never a personal number
      last = first;
      while (last + 1 < groups.length && seps[last + 1] === '.') last++;
      if (last - first === 1) { taken[first] = true; taken[last] = true; }
      first = last + 1;
    }
    var found = [];
    for (var size = groups.length; size > 0; size--) {
      for (first = 0; first + size <= groups.length; first++) {
        last = first + size - 1;
        var used = taken.slice(first, last + 1).some(Boolean);
        var kinds = seps.slice(first + 1, last + 1).filter(function (s, i, all) { return all.indexOf(s) === i; });
        if (used || kinds.length > 1) continue;
        if (seps[first] === '.' || (last + 1 < groups.length && seps[last + 1] === '.')) continue;
        var start = groups[first][0], end = groups[last][1];
        var result = classify(run.slice(start, end), allowed);
        if (result) {
          found.push({ start: start, end: end, kind: result[0], masked: result[1] });
          for (var t = first; t <= last; t++) taken[t] = true;
        }
      }
    }
    return found.sort(function (a, b) { return a.start - b.start; });
  }

  /* The personal numbers in `text`: [{kind, line, masked}], as privacy.mask finds them. */
  function findNumbers(text, allowed, firstLine) {
    text = String(text || '');
    allowed = allowed || VILLAGE.allowedPhones || [];
    var normal = normalise(text), findings = [], m;
    NUMBER.lastIndex = 0;
    while ((m = NUMBER.exec(normal))) {
      maskRun(m[0], allowed).forEach(function (f) {
        var at = m.index + f.start;
        findings.push({ kind: f.kind, masked: f.masked, line: (firstLine || 1) + (text.slice(0, at).match(/\n/g) || []).length });
      });
    }
    return findings;
  }

  /* -- dates, sections ---------------------------------------------------------------------- */
  var DAY = /^\s*(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日)/;

  function dayOf(value) {  // 'YYYY-MM-DD' of a date the build reads, or ''
    var m = DAY.exec(String(value || ''));
    if (!m) return '';
    var pad = function (n) { return ('0' + n).slice(-2); };
    return m[1] + '-' + pad(m[3] || m[5]) + '-' + pad(m[4] || m[6]);
  }

  function today() {  // in the village's time zone, as the build counts days
    return new Intl.DateTimeFormat('en-CA', { timeZone: VILLAGE.timezone || 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date());
  }

  function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }

  var NUMBERING = /^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])\s*/;

  function sections(body) {  // section title -> its text, split as cardfile.py splits a card
    var found = {}, name = null, inCode = false;
    String(body || '').split('\n').forEach(function (line) {
      if (/^[ \t]*(```|~~~)/.test(line)) inCode = !inCode;
      var m = inCode ? null : /^##(?!#)[ \t]*(.*?)[ \t#]*$/.exec(line);
      if (m) {
        name = m[1].trim().replace(NUMBERING, '').replace(/[：:\s]+$/, '').trim();
        found[name] = found[name] === undefined ? '' : found[name] + '\u0000';  // \u0000: written twice
      } else if (name !== null) found[name] += line + '\n';
    });
    return found;
  }

  /* -- each collection ---------------------------------------------------------------------- */
  var REVIEW_BODIES = ['民主理财小组', '村务监督委员会', '村务监督小组'];
  var REVIEW_EXAMPLE = '村务监督委员会 何某某、李某某 2026-04-03';

  var CHECKS = {
    gongkai: function (d, say) {
      var subjects = VILLAGE.subjects || {};
      var kind = d['类型'], subject = d['事项'], published = dayOf(d['发布日期']);
      if (subject && kind && subjects[subject] && subjects[subject] !== kind) {
        say('事项“' + subject + '”属于' + subjects[subject] + '公开，类型却选了“' + kind + '”。请把类型改成“' + subjects[subject] + '”。');
      }
      var notice = String(d['公示期'] || '').trim().replace(/^至/, '');
      if (published && dayOf(notice) && dayOf(notice) < published) {
        say('公示期截止日期 ' + dayOf(notice) + ' 早于发布日期 ' + published + '。');
      }
      var review = String(d['审核'] || '').trim();
      if (review) {
        var m = /(\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日))\s*$/.exec(review);
        if (!m) say('“审核”里没有审核日期。请在审核人后面写上日期，例如“' + REVIEW_EXAMPLE + '”。');
        else {
          var names = review.slice(0, m.index).split(/[、,，;；\s]+/).filter(Boolean);
          if (names.length && REVIEW_BODIES.indexOf(names[0]) >= 0) names.shift();
          if (!names.length) say('“审核”里没有写审核人。请写民主理财小组或村务监督委员会签字的成员姓名，例如“' + REVIEW_EXAMPLE + '”。');
          else if (published && dayOf(m[1]) > published) {
            say('审核日期 ' + dayOf(m[1]) + ' 晚于发布日期 ' + published + '。财务公开要先审核签字再公开：请写实际的审核日期；还没审核的，状态选“草稿”。');
          }
        }
      } else if (kind === '财务' && d['状态'] !== '草稿') {
        say('财务公开必须先经民主理财小组或村务监督委员会审核，成员签字后才能公开。请在“审核”里写审核机构、签字的成员和日期，例如“' +
          REVIEW_EXAMPLE + '”；还没审核的，状态先选“草稿”。');
      }
    },
    zhixun: function (d, say) {
      var text = sections(d.body), now = today();
      var has = function (name) { return (text[name] || '').replace(/\u0000/g, '').trim() !== ''; };
      var received = dayOf(d['收到日期']), answered = dayOf(d['答复日期']), status = d['办理状态'];
      if (received > now) say('收到日期 ' + received + ' 还没到（今天是 ' + now + '）。请检查年份、月份和日子。');
      if (answered > now) say('答复日期 ' + answered + ' 还没到（今天是 ' + now + '）。请检查年份、月份和日子。');
      if (received && answered && answered < received) say('答复日期 ' + answered + ' 比收到日期 ' + received + ' 还早。请检查这两个日期。');
      var inquirer = String(d['质询人'] || '').replace(/等\s*(?:\d+|[一二两三四五六七八九十百]+)?\s*(?:人|户|名|位)?.*$/, '');
      var names = inquirer.split(/[、，,；;]/).map(function (n) { return n.trim(); }).filter(Boolean);
      if (d['质询人'] && (!names.length || names.some(function (n) { return !/^[\u3400-\u9fff·]{2,12}$/.test(n); }))) {
        say('质询人“' + d['质询人'] + '”请只写姓名，几个人用顿号隔开，例如“张桂兰、李大山”；人多时写“张桂兰等 12 户”。');
      }
      if (status === '已办结' && !answered) say('办理状态是“已办结”，但没有写答复日期。请填上把办理结果答复质询人的那一天。');
      if (status === '已办结' && !has('办理措施')) say('办理状态是“已办结”，但没有写办理措施。请在内容里加一段“## 办理措施”，写村里做了什么、结果怎样。');
      if (status === '暂缓办理' && !has('客观原因')) say('办理状态是“暂缓办理”，必须写明客观原因。请在内容里加一段“## 客观原因”：为什么现在办不了、要等什么、大约什么时候能办。');
      var limit = VILLAGE.inquiryDays || 30;
      if (status === '办理中' && received && daysBetween(received, now) > limit && !has('客观原因')) {
        say('这件质询 ' + received + ' 收到，已经 ' + daysBetween(received, now) + ' 天还是“办理中”，超过了 ' + limit +
          ' 天。请写明客观原因（加一段“## 客观原因”），或者办完后把办理状态改成“已办结”并写上答复日期。');
      }
      Object.keys(text).forEach(function (name) {
        if (['质询内容', '办理措施', '客观原因'].indexOf(name) >= 0 && text[name].indexOf('\u0000') >= 0) say('“## ' + name + '”写了两次。请只留一处。');
        else if (['质询内容', '办理措施', '客观原因'].indexOf(name) >= 0 && name !== '质询内容' && !has(name)) {
          say('“## ' + name + '”下面没有内容。请写上' + name + '，或删掉这个小标题。');
        }
      });
    },
    mingbaika: function (d, say) {
      var text = sections(d.body);
      ['中心工作', '主要议程', '项目建设', '文化活动'].forEach(function (name) {
        if (text[name] === undefined) return;  // the form's pattern names a missing one
        if (text[name].indexOf('\u0000') >= 0) say('“' + name + '”写了两次。请把两段合成一段。');
        else if (!text[name].trim()) say('“' + name + '”下面没有内容。请写上本月的' + name + '；这个月没有就写“本月无”。');
      });
    },
    siyi: function (d, say) {
      var STEPS = ['提议', '商议', '审议', '决议', '决议公开', '实施结果公开'];
      var VOTING = { 审议: '党员大会', 决议: '村民代表会议' };
      var previous = null;
      (d['步骤'] || []).forEach(function (step, index) {
        var name = step['步骤'], where = '第 ' + (index + 1) + ' 步（' + (name || '没选步骤') + '）';
        var date = dayOf(step['日期']);
        if (!previous && name !== '提议') say(where + '：第一步应当是“提议”。四议两公开的步骤依次是：' + STEPS.join('、') + '。');
        if (previous) {
          var expected = STEPS[STEPS.indexOf(previous.name) + 1];
          if (name !== expected) say(where + '：“' + name + '”不能排在“' + previous.name + '”后面，' + previous.name + '之后应当是“' + (expected || '（已经是最后一步）') + '”。');
          if (date && previous.date && date < previous.date) say(where + '：日期 ' + date + ' 早于上一步' + previous.name + '的日期 ' + previous.date + '。请核对日期。');
        }
        if (VOTING[name]) {
          var n = function (k) { var v = step[k]; return v === undefined || v === null || v === '' ? null : +v; };
          var members = n('应到'), present = n('实到'), votes = [n('赞成'), n('反对'), n('弃权')];
          if (members === null || present === null || votes.every(function (v) { return v === null; })) {
            say(where + '：' + name + '（' + VOTING[name] + '）要写应到、实到人数和表决结果：应到、实到、赞成、反对、弃权。');
          } else {
            votes = votes.map(function (v) { return v || 0; });
            var sum = votes[0] + votes[1] + votes[2];
            if (present > members) say(where + '：实到 ' + present + ' 人比应到 ' + members + ' 人还多。请核对人数。');
            else if (present * 3 < members * 2) say(where + '：' + VOTING[name] + '应到 ' + members + ' 人，实到 ' + present + ' 人，不到三分之二，会议无效。需要至少 ' + Math.ceil(members * 2 / 3) + ' 人到会。');
            if (sum !== present) say(where + '：表决人数对不上：赞成 ' + votes[0] + ' + 反对 ' + votes[1] + ' + 弃权 ' + votes[2] + ' = ' + sum + '，实到 ' + present + ' 人。');
            else if (votes[0] * 2 <= present) say(where + '：赞成 ' + votes[0] + ' 票，没有超过实到 ' + present + ' 人的一半，不能通过。需要至少 ' + (Math.floor(present / 2) + 1) + ' 票赞成。');
          }
        }
        if ((name === '决议公开' || name === '实施结果公开') && !String(step['公开'] || '').trim()) {
          say(where + '：要写明公开在哪一条：在“公开”里填索引号，索引号在公开栏那一条的页面上。');
        }
        previous = { name: name, date: date || (previous && previous.date) };
      });
    },
  };

  /* contacts.py check_phone: '' for a mainland mobile or landline number, else what is wrong. */
  function phoneProblem(written) {
    var plain = String(written).replace(/[\s\-－—–()（）]/g, '');
    if (plain.indexOf('+86') === 0) plain = plain.slice(3);
    else if (plain.indexOf('0086') === 0) plain = plain.slice(4);
    if (!/^\d+$/.test(plain)) return '电话“' + written + '”里有数字以外的字。只写号码，例如 139 0000 0001 或 0871-6512 3456。';
    if (plain.charAt(0) === '1') {
      if (plain.length === 11 && '3456789'.indexOf(plain.charAt(1)) >= 0) return '';
      if (plain.length !== 11) return '电话“' + written + '”有 ' + plain.length + ' 位数字，手机号应当是 11 位（例如 139 0000 0001）。请核对后重写。';
      return '电话“' + written + '”不是大陆手机号：手机号以 13 至 19 开头（例如 139 0000 0001）。请核对后重写。';
    }
    if (plain.charAt(0) === '0' && plain.length > 3 && plain.charAt(1) !== '0') {
      var area = '12'.indexOf(plain.charAt(1)) >= 0 ? plain.slice(0, 3) : plain.slice(0, 4);
      var local = plain.length - area.length;
      if (local >= 7 && local <= 8) return '';
      return '电话“' + written + '”不是有效的座机号码：区号 ' + area + ' 后面应当是 7 或 8 位号码，现在是 ' + local + ' 位。请写成“区号-号码”，例如 0871-6512 3456。';
    }
    return '电话“' + written + '”不是有效的大陆电话号码。手机号是 11 位、以 13 至 19 开头（例如 139 0000 0001）；座机要带区号（例如 0871-6512 3456）。';
  }

  CHECKS.lianxika = function (d, say) {
    var people = d['人员'] || [];
    if (people.length > 20) say('联系卡上有 ' + people.length + ' 人，一张卡片最多印 20 人。请只留驻村干部和村两委成员，其他人的电话写在“联系我们”页面里。');
    people.forEach(function (person) {
      var problem = person['电话'] ? phoneProblem(person['电话']) : '';
      if (problem) say((person['姓名'] || '有一个人') + '的' + problem);
    });
  };

  var FIELD_LABELS = { body: '正文' };

  function privacyProblems(data, say) {
    if (VILLAGE.privacy !== 'strict') return;  // privacy: mask publishes them masked, with a warning
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      if (key.charAt(0) === '_' || typeof value !== 'string') return;
      findNumbers(value).forEach(function (f) {
        var where = (FIELD_LABELS[key] || '“' + key + '”') + (key === 'body' ? '第 ' + f.line + ' 行' : '');
        say(where + '有' + KINDS[f.kind] + '。个人的' + KINDS[f.kind] + '不能公开：请删掉这个号码，或只写前后几位，写成“' + f.masked + '”。');
      });
    });
    (data['步骤'] || []).forEach(function (step, index) {
      ['文件', '说明'].forEach(function (key) {  // what decisions.py guards in a step
        [].concat(step[key] || []).forEach(function (value) {
          findNumbers(value).forEach(function (f) {
            say('第 ' + (index + 1) + ' 步的“' + key + '”里有' + KINDS[f.kind] + '。个人的' + KINDS[f.kind] + '不能公开：请删掉这个号码，或写成“' + f.masked + '”。');
          });
        });
      });
    });
  }

  /* Every problem of an entry of `collection` as the build would report it, in Chinese. */
  function problems(collection, data) {
    var found = [];
    var say = function (message) { found.push(message); };
    if (collection !== 'lianxika' && collection !== 'shezhi') privacyProblems(data, say);  // cadres' phones are public
    if (CHECKS[collection]) CHECKS[collection](data, say);
    return found;
  }

  window.VillageChecks = { findNumbers: findNumbers, phoneProblem: phoneProblem, problems: problems, dayOf: dayOf, today: today };
})();
