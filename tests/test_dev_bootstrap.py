import importlib.util
import io
import sys
import tarfile
import tempfile
from pathlib import Path

from odoo.tests import BaseCase, tagged

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def load_bootstrap():
    spec = importlib.util.spec_from_file_location(
        "pi_odoo_bootstrap", TOOLS / "odoo_bootstrap.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_archive(path, members):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@tagged("post_install", "-at_install")
class TestDevBootstrap(BaseCase):
    """tools/odoo_bootstrap.py, the fresh-machine set-up of tools/dev.py: source
    resolution, reuse of a built environment and its error messages, without
    network and without building anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bootstrap = load_bootstrap()

    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.cache = self.tmp / "cache"
        self.archive = self.tmp / "odoo-18.0-test.tar.gz"
        write_archive(
            self.archive,
            {
                "odoo-18.0/setup.py": "",
                "odoo-18.0/requirements.txt": "psycopg2==2.9.9\n",
            },
        )
        self.addon_requirements = self.tmp / "requirements.txt"
        self.addon_requirements.write_text("pint==0.25.3\n")

    def test_empty_source_is_the_official_nightly_archive(self):
        kind, location = self.bootstrap.resolve_source("", self.cache)
        self.assertEqual(kind, "url")
        self.assertEqual(location, self.bootstrap.DEFAULT_SOURCE)
        self.assertIn("18.0", location)

    def test_archive_path_and_file_url_resolve_to_the_archive(self):
        for value in (str(self.archive), self.archive.as_uri()):
            self.assertEqual(
                self.bootstrap.resolve_source(value, self.cache),
                ("archive", self.archive.resolve()),
            )

    def test_checkout_folder_resolves_to_a_directory(self):
        checkout = self.tmp / "odoo-checkout"
        (checkout / "odoo").mkdir(parents=True)
        (checkout / "setup.py").write_text("")
        (checkout / "requirements.txt").write_text("lxml\n")
        kind, path = self.bootstrap.resolve_source(str(checkout), self.cache)
        self.assertEqual((kind, path), ("directory", checkout.resolve()))
        self.assertEqual(self.bootstrap.read_odoo_requirements(kind, path), "lxml\n")

    def test_bad_sources_name_the_variable_and_the_remedy(self):
        not_odoo = self.tmp / "not-odoo"
        not_odoo.mkdir()
        text_file = self.tmp / "notes.txt"
        text_file.write_text("x")
        for value, expected in (
            (str(self.tmp / "missing.tar.gz"), "does not exist"),
            (str(not_odoo), "not an Odoo source checkout"),
            (str(text_file), "is not a source archive"),
        ):
            with self.assertRaises(self.bootstrap.BootstrapError) as caught:
                self.bootstrap.resolve_source(value, self.cache)
            self.assertIn("PI_ODOO_SOURCE", str(caught.exception))
            self.assertIn(expected, str(caught.exception))

    def test_requirements_are_read_from_inside_the_archive(self):
        self.assertEqual(
            self.bootstrap.read_odoo_requirements("archive", self.archive),
            "psycopg2==2.9.9\n",
        )
        bare = self.tmp / "bare.tar.gz"
        write_archive(bare, {"odoo-18.0/setup.py": ""})
        with self.assertRaisesRegex(
            self.bootstrap.BootstrapError, "read the Odoo source.*no top-level"
        ):
            self.bootstrap.read_odoo_requirements("archive", bare)

    def test_fingerprint_follows_source_and_requirements(self):
        fingerprint = self.bootstrap.fingerprint
        base = fingerprint("archive:1", "a==1\n", "b==1\n")
        self.assertEqual(base, fingerprint("archive:1", "a==1\n", "b==1\n"))
        self.assertNotEqual(base, fingerprint("archive:2", "a==1\n", "b==1\n"))
        self.assertNotEqual(base, fingerprint("archive:1", "a==2\n", "b==1\n"))
        self.assertNotEqual(base, fingerprint("archive:1", "a==1\n", "b==2\n"))

    def test_ready_environment_is_reused_without_building(self):
        bootstrap = self.bootstrap
        key = bootstrap.fingerprint(
            bootstrap.source_identity("archive", self.archive),
            "psycopg2==2.9.9\n",
            self.addon_requirements.read_text(),
        )
        env_dir = self.cache / f"venv-{key}"
        (env_dir / "bin").mkdir(parents=True)
        (env_dir / "bin" / "python").write_text("")
        (env_dir / "ready").write_text("built earlier\n")
        python = bootstrap.ensure_environment(
            self.cache, self.addon_requirements, source=str(self.archive)
        )
        self.assertEqual(python, env_dir / "bin" / "python")
        self.assertEqual((env_dir / "ready").read_text(), "built earlier\n")
        self.assertFalse((env_dir / "bootstrap-logs").exists())

    def test_unreachable_url_names_the_download_step(self):
        with self.assertRaises(self.bootstrap.BootstrapError) as caught:
            self.bootstrap.fetch_source(
                "url", "http://127.0.0.1:9/odoo_18.0.latest.tar.gz", self.cache
            )
        message = str(caught.exception)
        self.assertIn("step 'download the Odoo source' failed", message)
        self.assertIn("PI_ODOO_SOURCE", message)
        self.assertFalse(list((self.cache / "downloads").glob("*.part")))

    def test_failed_step_names_the_step_exit_code_and_log(self):
        log = self.tmp / "step.log"
        with self.assertRaises(self.bootstrap.BootstrapError) as caught:
            self.bootstrap._run_step(
                "install Odoo's pinned requirements",
                [sys.executable, "-c", "import sys; print('no compiler'); sys.exit(3)"],
                log,
                hint=" Install the build packages.",
            )
        message = str(caught.exception)
        self.assertIn(
            "step 'install Odoo's pinned requirements' failed (exit 3)", message
        )
        self.assertIn("no compiler", message)
        self.assertIn(str(log), message)
        self.assertIn("Install the build packages.", message)

    def test_importable_odoo_is_used_as_it_is(self):
        self.assertEqual(self.bootstrap.importable_odoo_version(), 18)
        self.assertIsNone(
            self.bootstrap.reexec_with_odoo(
                self.cache, self.addon_requirements, TOOLS / "dev.py", ["test"]
            )
        )
        self.assertFalse(self.cache.exists())
