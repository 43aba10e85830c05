"""Dashboard page weight and first render on a throttled phone (issue 29).

    .venv/bin/python -m bench.dashboard_page [--runs 5]

The real bot process serves the Mini App (RESONANCE_PUBLIC_URL on 127.0.0.1) for a user with
three channels of the reference profiles and 90 days of scores; Debian's chromium (headless,
390x844, a fresh profile each run, nothing cached) opens it with initData signed here, under
Lighthouse's mobile throttling: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, the CPU 4x
slower. Reported (median of the runs): bytes transferred for the first view (page, script,
style, the API's JSON), first contentful paint, and the moment the dashboard is drawn with the
user's numbers (the page's ``dashboard-drawn`` mark). Telegram's own telegram-web-app.js is
not counted: it cannot be reached here (and Telegram's clients keep it cached).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bench.command_latency import seed
from bot.use_cases.dashboard import Dashboard, dashboard
from bot.use_cases.scores import record_score
from bot.views.card import card_png, shown_channels
from bot.web.init_data import sign
from storage import open_db
from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.telegram_server import FakeTelegram
from tests.test_signin import free_port

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def _history(db_path: Path, user_id: int, days: int = 90) -> None:
    db = open_db(db_path)
    now = datetime.now(UTC)
    for back in range(days, 0, -1):
        record_score(db, user_id, now - timedelta(days=back))
    record_score(db, user_id, now)
    db.close()


def _measure(url: str, picture: Path | None = None) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="resonance-bench-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=390,844", f"--user-data-dir={profile}",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 150,
            "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8,
        })  # fmt: skip
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
        driver.get(url)
        WebDriverWait(driver, 60).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "#score .value"))
        )
        time.sleep(0.5)
        found = driver.execute_script(
            "const nav = performance.getEntriesByType('navigation')[0];"
            "const local = performance.getEntriesByType('resource')"
            "  .filter(r => r.name.startsWith(location.origin));"
            "const fcp = performance.getEntriesByName('first-contentful-paint')[0];"
            "const drawn = performance.getEntriesByName('dashboard-drawn')[0];"
            "return {bytes: nav.transferSize + local.reduce((s, r) => s + r.transferSize, 0),"
            " body: nav.encodedBodySize + local.reduce((s, r) => s + r.encodedBodySize, 0),"
            " requests: 1 + local.length, fcp: fcp ? fcp.startTime : -1,"
            " drawn: drawn ? drawn.startTime : -1};"
        )
        if picture is not None:
            driver.save_screenshot(str(picture))
        return {k: float(v) for k, v in found.items()}
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def run(runs: int, picture: Path | None = None, card: Path | None = None) -> list[dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram({TOKEN}) as fake:
        db_path = Path(tmp) / "resonance.db"
        seed(db_path, 1)
        _history(db_path, 1)
        port = free_port()
        env = offline_env(
            Path(tmp), TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url,
            RESONANCE_DB=str(db_path), RESONANCE_PUBLIC_URL=f"http://127.0.0.1:{port}",
            RESONANCE_WEB_PORT=str(port),
        )  # fmt: skip
        process = subprocess.Popen(
            [*resonance_command(), "run"], env=env, cwd=tmp,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            fake.wait_for(lambda c: c.method == "setChatMenuButton", timeout=60)
            person = json.dumps({"id": 1, "first_name": "U1", "language_code": "en"})
            results = []
            for n in range(runs):
                init = sign({"auth_date": str(int(time.time())), "user": person}, TOKEN)
                url = f"http://127.0.0.1:{port}/app#tgWebAppData={quote(init)}"
                results.append(_measure(url, picture if n == runs - 1 else None))
            if card is not None:
                db = open_db(db_path)
                dash = dashboard(db, 1, datetime.now(UTC), detail=False)
                assert isinstance(dash, Dashboard)
                card.write_bytes(card_png("en", dash, shown_channels(dash, everything=True)))
            return results
        finally:
            process.terminate()
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, help="save the last run's page (PNG) here")
    parser.add_argument("--card", type=Path, help="save the user's /card picture here")
    args = parser.parse_args()
    results = run(args.runs, args.screenshot, args.card)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    print(f"{args.runs} runs, Lighthouse mobile throttling (150 ms, 1.6 Mbit/s, CPU x4)")
    print(
        "| requests | bytes transferred | of which bodies | first contentful paint | drawn with data |"
    )
    print("|---|---|---|---|---|")
    print(f"| {median('requests'):.0f} | {median('bytes') / 1024:.1f} KB | "
          f"{median('body') / 1024:.1f} KB | {median('fcp'):.0f} ms | {median('drawn'):.0f} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
