/* The static quiz of the online book: one implementation for every quiz on every page.
   abduction_issue/exercises/static.py renders the HTML (each question's data as JSON) and the messages;
   the wording of every message is defined once, in abduction_issue/exercises/grading.py (MESSAGES). */
(function(){
if (window.AbductionQuiz) { window.AbductionQuiz.initAll(); return; }
function $(el, sel){ return Array.prototype.slice.call(el.querySelectorAll(sel)); }
// Every message comes from Python (abduction_issue/exercises/grading.py MESSAGES), as JSON in the page.
var M = null;
function msg(key, values){
  if (!M) { var el = document.querySelector('script.aiq-messages'); M = el ? JSON.parse(el.textContent) : {}; }
  var text = M[key] || key;
  Object.keys(values || {}).forEach(function(k){ text = text.split('{' + k + '}').join(String(values[k])); });
  return text;
}
function say(q, ok, text){
  var fb = q.querySelector('.aiq-feedback');
  fb.className = 'aiq-feedback ' + (ok ? 'aiq-right' : 'aiq-wrong');
  fb.textContent = (ok ? '\u2714 ' : '\u2718 ') + text;
}
function updateScore(quizId){
  var qs = $(document, '.aiq-question[data-quiz="' + quizId + '"]');
  var right = qs.filter(function(q){ return q.classList.contains('aiq-correct'); }).length;
  var el = document.getElementById(quizId + '-score');
  if (el) el.textContent = msg('score', {right: right, total: qs.length});
}
function check(q, d){
  var ok, text, detail = null;
  if (d.kind === 'choice') {
    var sel = q.querySelector('input[type=radio]:checked');
    if (!sel) { say(q, false, msg('choose_first')); return; }
    var i = parseInt(sel.value, 10);
    ok = (i === d.answer); text = d.feedback[i];
  } else {
    var vals = $(q, 'select').map(function(s){ return s.value; });
    if (vals.some(function(v){ return v === ''; })) { say(q, false, msg('choose_every_line')); return; }
    if (d.kind === 'order' && new Set(vals).size !== vals.length) { say(q, false, msg('each_event_once')); return; }
    detail = vals.map(function(v, k){ return v === d.answer[k]; });
    var n = detail.filter(Boolean).length;
    ok = (n === detail.length);
    text = ok ? d.success : msg(d.partial, {n: n, total: detail.length});
  }
  q.dataset.attempts = String(parseInt(q.dataset.attempts || '0', 10) + 1);
  if (detail) {
    $(q, '.aiq-part').forEach(function(p, k){
      p.classList.toggle('aiq-bad', !detail[k]);
      var s = p.querySelector('select'); s.setAttribute('aria-invalid', detail[k] ? 'false' : 'true');
      var m = p.querySelector('.aiq-mark'); m.textContent = detail[k] ? '' : msg('not_this_one');
    });
  }
  say(q, ok, text);
  var reveal = q.querySelector('.aiq-reveal'); if (reveal) reveal.hidden = false;
  if (ok) {
    q.classList.add('aiq-correct');
    $(q, 'input,select').forEach(function(x){ x.disabled = true; });
    q.querySelector('.aiq-check').disabled = true;
    q.querySelector('.aiq-retry').hidden = true;
  } else {
    q.querySelector('.aiq-retry').hidden = false;
  }
  updateScore(q.dataset.quiz);
}
function retry(q){
  $(q, 'input[type=radio]').forEach(function(x){ x.checked = false; });
  $(q, 'select').forEach(function(s){ s.value = ''; s.setAttribute('aria-invalid', 'false'); });
  $(q, '.aiq-part').forEach(function(p){ p.classList.remove('aiq-bad'); p.querySelector('.aiq-mark').textContent = ''; });
  var fb = q.querySelector('.aiq-feedback'); fb.textContent = ''; fb.className = 'aiq-feedback';
  q.querySelector('.aiq-retry').hidden = true;
  var first = q.querySelector('input,select'); if (first) first.focus();
}
function init(q){
  if (q.dataset.ready) return; q.dataset.ready = '1';
  var d = JSON.parse(q.querySelector('script.aiq-data').textContent);
  q.querySelector('.aiq-check').addEventListener('click', function(){ check(q, d); });
  q.querySelector('.aiq-retry').addEventListener('click', function(){ retry(q); });
}
function initAll(){ $(document, '.aiq-question').forEach(init); }
window.AbductionQuiz = {initAll: initAll, check: check};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initAll); else initAll();
})();
