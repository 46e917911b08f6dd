"""Every relative link of the README and docs/ must resolve: the file it names, and the heading
its #anchor names (GitHub's slugs). Prints each broken link; exits 1 if there is one."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
link = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slugs(page):
    found, fence = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = not fence
        if fence or not line.startswith("#"):
            continue
        title = line.lstrip("#").strip().lower()
        title = re.sub(r"[^\w\- ]", "", title).replace(" ", "-")
        slug, n = title, 1
        while slug in found:
            slug, n = f"{title}-{n}", n + 1
        found.add(slug)
    return found


broken = 0
for page in pages:
    text, fence_free = page.read_text(encoding="utf-8"), []
    fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            fence_free.append(line)
    for target in link.findall("\n".join(fence_free)):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            print(f"{page.relative_to(root)}: {target}: no such file")
            broken += 1
        elif anchor and dest.suffix == ".md" and anchor not in slugs(dest):
            print(f"{page.relative_to(root)}: {target}: no such heading in {dest.name}")
            broken += 1
sys.exit(1 if broken else 0)
