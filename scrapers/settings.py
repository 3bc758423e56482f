"""Scrapy settings: polite defaults for live crawls (replay mode overrides them).

Only the crawl subprocess (``python -m scrapers.run``) loads this module.
"""

BOT_NAME = "atmp-landscape"
SPIDER_MODULES: list[str] = []  # spiders are loaded by the runner from scrapers/sources/<slug>/

# Identify ourselves; override with ATMP_USER_AGENT (the runner reads it).
USER_AGENT = (
    "atmp-landscape/0.1 (+https://github.com/atmp-landscape/atmp-landscape; "
    "open-source map of European cell and gene therapy; crawls politely)"
)

# Politeness (live mode). Per-source overrides come from source.yml.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay is 0.5x-1.5x DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Limits: no page may be huge or slow enough to stall a run.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
CLOSESPIDER_TIMEOUT = 1800

# Retries with backoff on 429 and 5xx; giving up is a warning, counted in stats.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
ATMP_RETRY_BACKOFF_BASE = 2.0
ATMP_RETRY_BACKOFF_MAX = 60.0

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,
    "scrapers.middlewares.IncrementalMiddleware": 50,
    "scrapers.middlewares.RedirectRecorder": 610,
    "scrapers.middlewares.ArchiveRecorder": 585,
}

ITEM_PIPELINES = {"scrapers.pipelines.CaptureWriter": 900}

TELNETCONSOLE_ENABLED = False
COOKIES_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
