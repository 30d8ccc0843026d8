"""No network at run time: checking and fixing work with every socket disabled.

``no_network`` replaces the socket constructors and name lookups with ones that record the
attempt and fail, so an attempt is seen even where the caller catches the error. The CLI runs
in a fresh process with sockets disabled before mtcheck is imported, so an import that
reaches for the network is caught too. The language-model path is tested the same way once
``mtcheck.lm`` offers ``default_verifier`` (the model engineer's part of issue 7).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest

import mtcheck
from mtcheck.engine import CheckOptions

BAD = "Iraq no longer needs foreign combat forces Including the American.\n"
FIXED = BAD.replace("Including", "including")
# A capital the model confirms by a wide margin (10.7 nats in the seed article).
MODEL_BAD = ("Al-Kazemi will discuss a number of issues, foremost of which is Withdrawal of US "
             "combat forces from Iraq.\n")


class NetworkAttempt(OSError):
    """Raised (and recorded) when code under test tries to open a socket or resolve a name."""


@pytest.fixture
def no_network(monkeypatch):
    """Disable sockets for the test; yields the list of attempts made (it must stay empty)."""
    attempts: list[str] = []

    def refuse(what: str):
        def refused(*args, **kwargs):
            attempts.append(f"{what}{args!r}")
            raise NetworkAttempt(f"network access during a test: {what}{args!r}")
        return refused

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse("socket.socket")(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                 "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    yield attempts


# The same, for a fresh interpreter: installed before mtcheck is imported.
DISABLE_NETWORK = textwrap.dedent("""
    import socket, sys
    def _refuse(*args, **kwargs):
        sys.stderr.write("NETWORK ATTEMPT %r\\n" % (args,))
        raise OSError("network access is disabled")
    class _NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            _refuse(*args)
    socket.socket = _NoSocket
    for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                  "socketpair", "fromfd"):
        setattr(socket, _name, _refuse)
""")


def test_the_guard_catches_an_attempt(no_network):
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkAttempt):
        socket.socket()
    assert len(no_network) == 2


def test_check_and_fix_without_network(no_network):
    assert [f.code for f in mtcheck.check(BAD)] == ["MT101"]
    assert mtcheck.fix(BAD).text == FIXED
    markdown = "# Title\n\n" + BAD + "\n[link](https://example.org) <https://example.org>\n"
    assert mtcheck.fix(markdown, format="markdown").text == markdown.replace(
        "Including", "including")
    assert no_network == []


def test_cli_check_and_fix_without_network(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(BAD)
    code = DISABLE_NETWORK + textwrap.dedent(f"""
        from mtcheck.cli import main
        first = main(["check", "--no-lm", "--isolated", "--no-cache", {str(path)!r}])
        second = main(["fix", "--no-lm", "--isolated", {str(path)!r}])
        sys.exit(10 * first + second)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert "NETWORK ATTEMPT" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 10, done.stderr  # check: findings (1); fix: all fixed (0)
    assert path.read_text() == FIXED


def test_model_check_without_network(no_network):
    lm = pytest.importorskip("mtcheck.lm")
    if not hasattr(lm, "default_verifier"):
        pytest.skip("mtcheck.lm has no default_verifier yet (the model's part of issue 7)")
    try:
        verifier = lm.default_verifier()
    except lm.ModelUnavailable as exc:
        pytest.skip(f"the language model is not installed: {exc}")
    options = CheckOptions(verifier=verifier)
    findings = mtcheck.check(MODEL_BAD, options=options)
    assert [f.code for f in findings] == ["MT101"]
    fixed = MODEL_BAD.replace("Withdrawal", "withdrawal")
    assert mtcheck.fix(MODEL_BAD, options=options).text == fixed
    assert no_network == []
