#!/usr/bin/python3
# ui_label.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets a stricter label rule on the Label page and sees the event count change.

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


SUMMARY = re.compile(r'^(\d+) events?, [\d.]+ % of buckets$')


def summary(app):
    found = find_all(app, lambda n: n.roleName == 'label' and SUMMARY.match(n.name or ''))
    return found[0].name if found else None


def main():
    app = tree.root.application('faultline')
    log('found application faultline')
    go_to_page(app, 'Label')

    first = wait_for('the event count', lambda: summary(app), timeout=60)
    log('label summary: %s' % first)
    n_first = int(SUMMARY.match(first).group(1))

    # A stricter threshold (k sigma): the spin button after the bucket width.
    spins = wait_for('spin buttons', lambda: find_all(
        app, lambda n: n.roleName == 'spin button'))
    log('spin buttons: %d' % len(spins))
    k = spins[1]
    k.value = 6.0
    log('set k to %s' % k.value)

    def changed():
        s = summary(app)
        return s if s is not None and s != first else None

    second = wait_for('a new event count', changed, timeout=60)
    n_second = int(SUMMARY.match(second).group(1))
    log('label summary now: %s' % second)
    assert n_second < n_first, (first, second)

    chart = find_all(app, lambda n: n.roleName == 'filler' and second in (n.name or ''))
    assert chart, 'the chart does not describe the labelled events'
    log('chart: %s' % chart[0].name)
    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT_LABEL'))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except AssertionError as e:
        print('FAIL: %s' % e)
        sys.exit(1)
