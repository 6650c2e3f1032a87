"""Give tools/dev.py an Odoo 18.0 to run on: the running python3's own when it can
import one, else a project-local virtual environment built from an Odoo 18.0
community source (``PI_ODOO_SOURCE``: an archive path, a checkout or an archive URL).

The environment lives in the user's cache, outside the repository, named after a
fingerprint of the source, Odoo's pinned requirements, the add-on's requirements and
the Python version: a second run with the same inputs reuses it at once.
Standard library only: it runs before anything else is installed.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

DEFAULT_SOURCE = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
# Odoo 18's pinned requirements build cbor2 from source on Python 3.11, which fails
# with setuptools 70 and later.
BUILD_CONSTRAINT = "setuptools<70\n"
DEBIAN_BUILD_PACKAGES = "libldap2-dev libsasl2-dev libpq-dev"
# Set in the environment of the re-executed command, so that an environment that
# still cannot import Odoo fails instead of bootstrapping again.
REEXEC_MARKER = "PI_ODOO_BOOTSTRAPPED"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tar", ".zip")


class BootstrapError(Exception):
    """A step of the bootstrap failed; the message names the step and the remedy."""


def importable_odoo_version():
    """The major version of the Odoo this interpreter imports, or None."""
    try:
        import odoo.release
    except ImportError:
        return None
    return odoo.release.version_info[0]


def progress(message):
    print(f"dev.py: {message}", flush=True)


def resolve_source(value, cache):
    """Return ("archive" | "directory", location) for PI_ODOO_SOURCE.

    ``value`` is a path (archive or Odoo checkout) or an http(s) / file URL of an
    archive; empty means Odoo's official 18.0 nightly source archive. A URL is
    returned as is: ``fetch_source`` downloads it into ``cache``.
    """
    value = (value or "").strip() or DEFAULT_SOURCE
    parsed = urllib.parse.urlparse(value)
    if parsed.scheme in ("http", "https"):
        return "url", value
    path = Path(urllib.parse.unquote(parsed.path) if parsed.scheme == "file" else value)
    path = path.expanduser().resolve()
    if path.is_dir():
        if not (path / "setup.py").is_file() or not (path / "odoo").is_dir():
            raise BootstrapError(
                f"PI_ODOO_SOURCE={value} is a folder but not an Odoo source checkout "
                "(no setup.py and odoo/ in it): point it at the folder that holds "
                "Odoo's setup.py, or at a source archive."
            )
        if not (path / "requirements.txt").is_file():
            raise BootstrapError(
                f"PI_ODOO_SOURCE={value} has no requirements.txt: use an official "
                "Odoo 18.0 community source checkout or archive."
            )
        return "directory", path
    if path.is_file():
        if not path.name.endswith(ARCHIVE_SUFFIXES):
            raise BootstrapError(
                f"PI_ODOO_SOURCE={value} is not a source archive (expected one of "
                f"{', '.join(ARCHIVE_SUFFIXES)}) nor an Odoo checkout."
            )
        return "archive", path
    raise BootstrapError(
        f"PI_ODOO_SOURCE={value} does not exist: give the path of an Odoo 18.0 "
        "community source archive or checkout, or an http(s) URL of one."
    )


def fetch_source(kind, location, cache):
    """Download a URL source into ``cache`` once; return (kind, local path)."""
    if kind != "url":
        return kind, location
    name = Path(urllib.parse.urlparse(location).path).name or "odoo-source.tar.gz"
    digest = hashlib.sha256(location.encode()).hexdigest()[:12]
    target = cache / "downloads" / f"{digest}-{name}"
    if target.is_file():
        return "archive", target
    target.parent.mkdir(parents=True, exist_ok=True)
    progress(f"downloading the Odoo source from {location}")
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with (
            urllib.request.urlopen(location, timeout=60) as response,
            open(partial, "wb") as out,
        ):
            shutil.copyfileobj(response, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BootstrapError(
            f"step 'download the Odoo source' failed ({error}). Without internet, "
            "set PI_ODOO_SOURCE to a local Odoo 18.0 source archive or checkout "
            "(next to this project, ../shared/odoo/ may hold one)."
        ) from error
    partial.rename(target)
    return "archive", target


def read_odoo_requirements(kind, path):
    """The text of Odoo's pinned requirements.txt inside the source."""
    if kind == "directory":
        return (path / "requirements.txt").read_text()
    try:
        if path.name.endswith(".zip"):
            import zipfile

            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.count("/") == 1 and name.endswith("/requirements.txt"):
                        return archive.read(name).decode()
        else:
            with tarfile.open(path) as archive:
                for member in archive:
                    if member.name.count("/") == 1 and member.name.endswith(
                        "/requirements.txt"
                    ):
                        return archive.extractfile(member).read().decode()
    except (OSError, tarfile.TarError, ValueError) as error:
        raise BootstrapError(
            f"step 'read the Odoo source' failed: {path} cannot be read as an "
            f"archive ({error})."
        ) from error
    raise BootstrapError(
        f"step 'read the Odoo source' failed: {path} holds no top-level "
        "requirements.txt; it is not an Odoo source archive."
    )


def source_identity(kind, path):
    """What names this source's content: the archive's digest, the checkout's
    path and its setup files' state."""
    if kind == "archive":
        digest = hashlib.sha256()
        with open(path, "rb") as archive:
            for block in iter(lambda: archive.read(1 << 20), b""):
                digest.update(block)
        return f"archive:{digest.hexdigest()}"
    stat = (path / "odoo" / "release.py").stat()
    return f"directory:{path}:{stat.st_mtime_ns}:{stat.st_size}"


def fingerprint(identity, odoo_requirements, addon_requirements):
    digest = hashlib.sha256()
    for part in (
        identity,
        odoo_requirements,
        addon_requirements,
        BUILD_CONSTRAINT,
        ".".join(map(str, sys.version_info[:2])),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def venv_python(env_dir):
    return env_dir / "bin" / "python"


def _run_step(step, command, log, extra_env=None, hint=""):
    progress(f"{step} (log: {log})")
    env = dict(os.environ, **(extra_env or {}))
    with open(log, "w") as log_file:
        result = subprocess.run(
            command, stdout=log_file, stderr=subprocess.STDOUT, env=env, check=False
        )
    if result.returncode:
        tail = "\n".join(Path(log).read_text().splitlines()[-15:])
        raise BootstrapError(
            f"step '{step}' failed (exit {result.returncode}).\n{tail}\n"
            f"Full log: {log}.{hint}"
        )


def build_environment(env_dir, kind, path, odoo_requirements, addon_requirements):
    """Create the virtual environment and install Odoo and the add-on's needs."""
    if env_dir.exists():
        shutil.rmtree(env_dir)
    progress(f"creating the virtual environment {env_dir}")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(venv_python(env_dir))
    logs = env_dir / "bootstrap-logs"
    logs.mkdir()
    (env_dir / "odoo-requirements.txt").write_text(odoo_requirements)
    constraint = env_dir / "build-constraint.txt"
    constraint.write_text(BUILD_CONSTRAINT)
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check"]
    _run_step(
        "install Odoo's pinned requirements",
        [*pip, "-r", str(env_dir / "odoo-requirements.txt")],
        logs / "odoo-requirements.log",
        extra_env={"PIP_CONSTRAINT": str(constraint)},
        hint=(
            " Packages that compile (python-ldap, psycopg2) need Debian's "
            f"{DEBIAN_BUILD_PACKAGES}: apt-get install -y {DEBIAN_BUILD_PACKAGES}"
        ),
    )
    _run_step(
        "install Odoo 18.0 (without its unpinned dependencies)",
        [*pip, "--no-deps", str(path)],
        logs / "odoo.log",
    )
    _run_step(
        "install the add-on's requirements",
        [*pip, "-r", str(addon_requirements)],
        logs / "addon-requirements.log",
    )
    version = subprocess.run(
        [python, "-c", "import odoo.release as r; print(r.version_info[0])"],
        capture_output=True,
        text=True,
        check=False,
    )
    if version.stdout.strip() != "18":
        raise BootstrapError(
            f"step 'check the installed Odoo' failed: the environment imports Odoo "
            f"{version.stdout.strip() or '(none)'} {version.stderr.strip()[-300:]}; "
            "PI_ODOO_SOURCE must be an Odoo 18.0 source."
        )


def ensure_environment(cache, addon_requirements, source=None):
    """Return the python of an environment with Odoo 18.0 and the add-on's
    requirements, building it when no up-to-date one exists."""
    cache.mkdir(parents=True, exist_ok=True)
    source = os.environ.get("PI_ODOO_SOURCE", "") if source is None else source
    kind, location = resolve_source(source, cache)
    progress(f"Odoo source: {location}")
    kind, path = fetch_source(kind, location, cache)
    odoo_requirements = read_odoo_requirements(kind, path)
    key = fingerprint(
        source_identity(kind, path),
        odoo_requirements,
        Path(addon_requirements).read_text(),
    )
    env_dir = cache / f"venv-{key}"
    ready = env_dir / "ready"
    with open(cache / "bootstrap.lock", "w") as lock:
        # Two commands started at once build one environment, not two halves.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.is_file() and venv_python(env_dir).exists():
            progress(f"reusing the virtual environment {env_dir}")
        else:
            build_environment(
                env_dir, kind, path, odoo_requirements, addon_requirements
            )
            ready.write_text(f"{location}\n")
            progress(f"virtual environment ready: {env_dir}")
    return venv_python(env_dir)


def reexec_with_odoo(cache, addon_requirements, script, argv):
    """Make sure Odoo 18.0 is importable: do nothing when it already is, else
    build (or reuse) the environment and re-run ``script argv`` inside it."""
    version = importable_odoo_version()
    if version == 18:
        return
    if os.environ.get(REEXEC_MARKER):
        raise BootstrapError(
            f"{sys.executable} was set up for Odoo 18.0 but imports "
            f"{'no Odoo' if version is None else f'Odoo {version}'}: remove "
            f"{Path(sys.executable).parent.parent} and run the command again."
        )
    if version is not None:
        progress(
            f"{sys.executable} imports Odoo {version}, not 18.0: using a "
            "project environment instead"
        )
    python = ensure_environment(cache, addon_requirements)
    os.environ[REEXEC_MARKER] = "1"
    os.execv(str(python), [str(python), str(script), *argv])
