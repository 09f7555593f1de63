// The dashboard's one script, loaded as a module from /static (the content security policy
// allows no inline script). Every page works without it; with it, GOV.UK Frontend's
// components start, and the record form shows the chosen milestone's fields in place.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

// GOV.UK Frontend's components start only on a body marked as supported; their templates set
// this in an inline script.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Choosing a milestone without scripts is a GET that redisplays the page with its fields.
// Here the same page is fetched and its fields are swapped in, so nothing typed elsewhere on
// the page is lost and the focus stays on the list.
const chooser = document.querySelector('[data-module="app-milestone-chooser"]')
if (chooser) {
  const select = chooser.querySelector('select')
  const form = document.getElementById('record-form')
  // Typing a name in the list changes the choice at each letter ("F" a focused visit, "Fu"
  // funding), and the pages asked for may come back in any order: only the page of the latest
  // choice is swapped in, never an earlier one over fields already being filled.
  let latest = 0
  select.addEventListener('change', async () => {
    const asked = ++latest
    const url = new URL(chooser.action)
    url.searchParams.set('milestone', select.value)
    const response = await fetch(url, { credentials: 'same-origin' })
    if (asked !== latest) return
    if (!response.ok) {
      chooser.submit()
      return
    }
    const text = await response.text()
    if (asked !== latest) return
    const page = new DOMParser().parseFromString(text, 'text/html')
    for (const id of ['record-milestone', 'record-details', 'record-submit']) {
      const fresh = page.getElementById(id)
      if (fresh) form.querySelector('#' + id).replaceWith(document.importNode(fresh, true))
    }
    initAll({ scope: form.querySelector('#record-details') })
  })
}
