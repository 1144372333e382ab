#!/usr/bin/python3
# ui_walkthrough.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the run step of the trace walkthrough on the bundled sample and reads Results.

import os
import re
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

from dogtail import tree  # noqa: E402


def log(msg):
    print('# ' + msg, flush=True)


def _safe(pred, node):
    try:
        return pred(node)
    except Exception:
        return False


def find_all(root, pred):
    return root.findChildren(lambda n: _safe(pred, n), recursive=True)


def wait_for(what, predicate, timeout=120.0):
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
    if not path:
        return
    try:
        subprocess.run(['import', '-window', 'root', path], check=True, timeout=30)
        log('screenshot: ' + path)
    except Exception as e:
        log('screenshot failed: %s' % e)


def go_to_page(app, name):
    rows = find_all(app, lambda n: n.name == name and n.roleName in
                    ('list item', 'table row', 'row', 'list box item'))
    if not rows:
        raise AssertionError('no sidebar row called %s' % name)
    try:
        rows[0].select()
        return
    except Exception as e:
        log('select() failed: %s' % e)
    rows[0].doActionNamed('activate')


def main():
    app = tree.root.application('faultline')
    log('found application faultline')
    go_to_page(app, 'Walkthroughs')

    # The NetProphet runs wait for their table: the enabled Run is the trace's.
    buttons = wait_for('the run step', lambda: [
        b for b in find_all(app, lambda n: n.roleName == 'push button' and n.name == 'Run')
        if b.sensitive])
    log('enabled run buttons: %d' % len(buttons))
    buttons[-1].doActionNamed('click')
    log('clicked Run')

    picker = wait_for('the run in Results', lambda: find_all(
        app, lambda n: (n.name or '').startswith('Run ') and ' · AP ' in n.name), timeout=240)
    log('results: %s' % picker[0].name)
    checks = wait_for('arm rows', lambda: find_all(
        app, lambda n: n.roleName == 'check box' and (n.name or '').startswith('Plot ')))
    arms = sorted({c.name[len('Plot '):] for c in checks})
    log('arms: %s' % ', '.join(arms))
    assert 'xgboost + smote' in arms, arms
    assert 'persistence' in arms, arms
    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT_WALKTHROUGH'))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except AssertionError as e:
        print('FAIL: %s' % e)
        sys.exit(1)
