// The course site's search page: asks Pagefind's index of this page's language (html lang)
// for the words in ?q= and lists the pages found, with an excerpt of each.
const params = new URLSearchParams(window.location.search);
const query = (params.get("q") || "").trim();
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

function say(template, count) {
  status.textContent = template.replace("{n}", count).replace("{q}", query);
}

async function search() {
  document.getElementById("search-q").value = query;
  say(status.dataset.searching, 0);
  const pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
  await pagefind.options({ baseUrl: new URL("../", import.meta.url).pathname });
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.map((result) => result.data()));
  for (const page of pages) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    const excerpt = document.createElement("p");
    excerpt.innerHTML = page.excerpt; // Pagefind escapes the text; <mark> shows the match
    item.append(link, excerpt);
    list.append(item);
  }
  say(pages.length ? status.dataset.found : status.dataset.none, pages.length);
}

if (query) {
  search().finally(() => { list.dataset.done = "true"; });
} else {
  list.dataset.done = "true";
}
