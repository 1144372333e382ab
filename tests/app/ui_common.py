# ui_common.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the dogtail scripts (ui_*.py) share: dogtail set up for a headless
# run (exit 77 when dogtail is missing), logging as TAP comments, searching
# the AT-SPI tree while it changes, waiting, screenshots and sidebar
# navigation.

import subprocess
import sys
import time

try:
    from dogtail.config import config
except ImportError:
    print('SKIP: dogtail not available')
    sys.exit(77)

config.checkForA11y = False
config.searchCutoffCount = 40
config.searchBackoffDuration = 0.5
config.logDebugToStdOut = False

from dogtail import rawinput, tree  # noqa: E402,F401


def log(msg):
    print('# ' + msg, flush=True)


def _safe(pred, node):
    try:
        return pred(node)
    except Exception:
        return False


def find_all(root, pred):
    """Every node below @root for which @pred holds (errors count as no)."""
    return root.findChildren(lambda n: _safe(pred, n), recursive=True)


def wait_for(what, predicate, timeout=120.0):
    """Polls @predicate until it returns something true; AssertionError
    naming @what after @timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = predicate()
        except Exception as e:  # the tree changes under us
            log('retry after %s' % type(e).__name__)
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError('timed out waiting for ' + what)


def screenshot(path):
    """Saves the whole X screen to @path (nothing when @path is empty)."""
    if not path:
        return
    try:
        subprocess.run(['import', '-window', 'root', path], check=True, timeout=30)
        log('screenshot: ' + path)
    except Exception as e:
        log('screenshot failed: %s' % e)


def go_to_page(app, name):
    """Selects the sidebar row called @name (AT-SPI Selection, then Action,
    then a click)."""
    rows = find_all(app, lambda n: n.name == name and n.roleName in
                    ('list item', 'table row', 'row', 'list box item'))
    if not rows:
        raise AssertionError('no sidebar row called %s' % name)
    row = rows[0]
    try:
        row.select()
        return
    except Exception as e:
        log('select() failed: %s' % e)
    try:
        row.doActionNamed('activate')
        return
    except Exception as e:
        log('activate failed: %s' % e)
    row.click()


def application():
    """The running faultline, once it is on the accessibility bus."""
    return wait_for('the faultline application',
                    lambda: tree.root.application('faultline'), timeout=60)


def run_main(main):
    """Runs @main and exits with its status; an AssertionError is a FAIL."""
    try:
        sys.exit(main())
    except AssertionError as e:
        print('FAIL: %s' % e)
        sys.exit(1)
