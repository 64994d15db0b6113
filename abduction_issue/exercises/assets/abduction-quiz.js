/* The static quiz of the online book: one script for every quiz on every page.
   abduction_issue/exercises/static.py renders the HTML and, per question, the JSON of
   abduction_issue/exercises/grading.py question_data(): what is right and what each answer is told, already
   written.  This script only looks up and shows: it compares each slot with its expected item and fills the
   placeholders of a message, as grading.grade_slots() and grading.fill() do, and holds no answer, no rule and
   no wording of its own (every message comes from grading.MESSAGES, as JSON in the page).
   Answers are kept in this browser's localStorage (one key per page and question); no answer leaves the browser. */
(function(){
if (window.AbductionQuiz) { window.AbductionQuiz.initAll(); return; }
function $(el, sel){ return Array.prototype.slice.call(el.querySelectorAll(sel)); }
var M = null;
function fill(text, values){
  Object.keys(values || {}).forEach(function(k){ text = text.split('{' + k + '}').join(String(values[k])); });
  return text;
}
function msg(key, values){
  if (!M) { var el = document.querySelector('script.aiq-messages'); M = el ? JSON.parse(el.textContent) : {}; }
  return fill(M[key] || key, values);
}
// ------------------------------------------------------------------ grading: reading Python's data
function grade(d, r){
  if (d.kind === 'choice') { var c = d.choices[r]; return {ok: c.correct, text: c.feedback, detail: null}; }
  var detail = r.map(function(v, k){ return v === d.expected[k]; });
  var n = detail.filter(Boolean).length;
  if (n === detail.length) return {ok: true, text: d.success, detail: detail};
  var items = r.filter(function(v, k){ return !detail[k]; }).map(function(v){ return d.names[v]; }).join(d.join);
  return {ok: false, text: fill(d.partial, {n: n, total: detail.length, items: items}), detail: detail};
}
// ------------------------------------------------------------------ the page
function data(q){ return q._aiq || (q._aiq = JSON.parse(q.querySelector('script.aiq-data').textContent)); }
function response(q, d){
  if (d.kind === 'choice') { var sel = q.querySelector('input[type=radio]:checked'); return sel ? parseInt(sel.value, 10) : null; }
  return $(q, 'select').map(function(s){ return s.value; });
}
function showChosen(s){
  var p = s.parentNode.querySelector('.aiq-chosen');
  if (p) p.textContent = s.value ? s.options[s.selectedIndex].text : '';
}
function setResponse(q, d, r){
  if (d.kind === 'choice') {
    var radios = $(q, 'input[type=radio]');
    if (typeof r !== 'number' || !radios[r]) return false;
    radios[r].checked = true; return true;
  }
  var selects = $(q, 'select');
  if (!Array.isArray(r) || r.length !== selects.length) return false;
  if (!r.every(function(v){ return Object.prototype.hasOwnProperty.call(d.names, v); })) return false;
  selects.forEach(function(s, k){ s.value = r[k]; showChosen(s); });
  return true;
}
function say(q, ok, text, graded){
  var fb = q.querySelector('.aiq-feedback');
  fb.className = 'aiq-feedback ' + (ok ? 'aiq-right' : 'aiq-wrong');
  fb.querySelector('.aiq-text').textContent = (ok ? '\u2714 ' : '\u2718 ') + text;
  fb.querySelector('.aiq-more').hidden = !graded;
}
function focusFeedback(q){ q.querySelector('.aiq-feedback').focus(); }
// ------------------------------------------------------------------ kept answers (this browser only)
function key(q){ return 'abduction-quiz:' + location.pathname + ':' + q.dataset.qid; }
function keep(q, d, r){ try { localStorage.setItem(key(q), JSON.stringify({v: d.v, r: r})); } catch (e) {} }
function kept(q){ try { return JSON.parse(localStorage.getItem(key(q)) || 'null'); } catch (e) { return null; } }
function forget(q){ try { localStorage.removeItem(key(q)); } catch (e) {} }
// ------------------------------------------------------------------ score (predictions are not counted)
function updateScore(quizId){
  var qs = $(document, '.aiq-question[data-quiz="' + quizId + '"]').filter(function(q){ return data(q).scored; });
  var answered = qs.filter(function(q){ return q.dataset.answered; }).length;
  var right = qs.filter(function(q){ return q.classList.contains('aiq-correct'); }).length;
  var el = document.getElementById(quizId + '-score');
  if (el) el.textContent = msg('score', {answered: answered, total: qs.length, right: right});
}
function check(q, d, restoring){
  d = d || data(q);
  var r = response(q, d);
  if (r === null || (Array.isArray(r) && r.some(function(v){ return v === ''; }))) {
    say(q, false, d.kind === 'choice' ? msg('choose_first') : msg('choose_every_line'), false); focusFeedback(q); return;
  }
  if (d.unique && new Set(r).size !== r.length) { say(q, false, msg('each_event_once'), false); focusFeedback(q); return; }
  var g = grade(d, r);
  q.dataset.attempts = String(parseInt(q.dataset.attempts || '0', 10) + 1);
  q.dataset.answered = '1';
  if (g.detail) {
    $(q, '.aiq-part').forEach(function(p, k){
      p.classList.toggle('aiq-bad', !g.detail[k]);
      p.querySelector('select').setAttribute('aria-invalid', g.detail[k] ? 'false' : 'true');
      p.querySelector('.aiq-mark').textContent = g.detail[k] ? '' : msg('not_this_one');
    });
  }
  say(q, g.ok, g.text, true);
  var reveal = q.querySelector('.aiq-reveal'); if (reveal) reveal.hidden = false;
  if (g.ok) {
    q.classList.add('aiq-correct');
    $(q, 'input,select').forEach(function(x){ x.disabled = true; });
    q.querySelector('.aiq-check').disabled = true;
    q.querySelector('.aiq-retry').hidden = true;
  } else {
    q.querySelector('.aiq-retry').hidden = false;
  }
  if (!restoring) { keep(q, d, r); focusFeedback(q); }
  updateScore(q.dataset.quiz);
}
function reset(q){
  $(q, 'input[type=radio]').forEach(function(x){ x.checked = false; });
  $(q, 'select').forEach(function(s){ s.value = ''; s.setAttribute('aria-invalid', 'false'); showChosen(s); });
  $(q, '.aiq-part').forEach(function(p){ p.classList.remove('aiq-bad'); p.querySelector('.aiq-mark').textContent = ''; });
  var fb = q.querySelector('.aiq-feedback'); fb.className = 'aiq-feedback';
  fb.querySelector('.aiq-text').textContent = ''; fb.querySelector('.aiq-more').hidden = true;
  q.querySelector('.aiq-retry').hidden = true;
}
function retry(q){
  reset(q);
  var first = q.querySelector('input,select'); if (first) first.focus();
}
function clearQuiz(head){
  var quizId = head.dataset.quiz;
  $(document, '.aiq-question[data-quiz="' + quizId + '"]').forEach(function(q){
    forget(q); reset(q);
    q.classList.remove('aiq-correct'); delete q.dataset.answered; delete q.dataset.attempts;
    $(q, 'input,select').forEach(function(x){ x.disabled = false; });
    q.querySelector('.aiq-check').disabled = false;
    var reveal = q.querySelector('.aiq-reveal'); if (reveal) reveal.hidden = true;
  });
  updateScore(quizId);
  head.querySelector('.aiq-cleared').textContent = msg('cleared');
}
function init(q){
  if (q.dataset.ready) return; q.dataset.ready = '1';
  var d = data(q);
  q.querySelector('.aiq-check').addEventListener('click', function(){ check(q, d); });
  q.querySelector('.aiq-retry').addEventListener('click', function(){ retry(q); });
  $(q, 'select').forEach(function(s){ s.addEventListener('change', function(){ showChosen(s); }); });
  var saved = kept(q);
  if (saved && saved.v === d.v && setResponse(q, d, saved.r)) check(q, d, true);
  else if (saved) forget(q);
}
function initAll(){
  $(document, '.aiq-question').forEach(init);
  $(document, '.aiq-quiz-head').forEach(function(head){
    if (head.dataset.ready) return; head.dataset.ready = '1';
    var b = head.querySelector('.aiq-clear'); if (b) b.addEventListener('click', function(){ clearQuiz(head); });
    updateScore(head.dataset.quiz);
  });
}
window.AbductionQuiz = {initAll: initAll, check: check, grade: grade};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initAll); else initAll();
})();
