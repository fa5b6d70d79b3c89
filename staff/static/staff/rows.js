// "Regel toevoegen" under an inline table of a form (parties, budget lines, targets): add an
// empty row in the page, a copy of the formset's empty form numbered by its TOTAL_FORMS.
// Without this script the same button asks the server for the page with one more row.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-add-row]");
  const rows = button && button.closest("fieldset.rows");
  const emptyRow = rows && rows.querySelector("template[data-empty-row]");
  const total = rows && rows.querySelector('input[name$="-TOTAL_FORMS"]');
  if (!emptyRow || !total) {
    return;
  }
  event.preventDefault();
  const index = Number(total.value);
  const html = emptyRow.innerHTML
    .replaceAll("__prefix__", String(index))
    .replaceAll("__row__", String(index + 1));
  const body = rows.querySelector("tbody");
  body.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  body.lastElementChild.querySelector("input, select, textarea").focus();
});
