#!/usr/bin/python3
# ui_sample.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives faultline (already started on a sample project) through AT-SPI:
# Explore shows a chart summary, Experiment runs and shows the confusion
# matrix cells with their accessible names. Exit 77 = skip.

import os
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

CELL_PREFIXES = ('True negatives:', 'False positives:',
                 'False negatives:', 'True positives:')


def log(msg):
    print('# ' + msg, flush=True)


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


def find_all(root, pred):
    return root.findChildren(lambda n: _safe(pred, n), recursive=True)


def _safe(pred, node):
    try:
        return pred(node)
    except Exception:
        return False


def screenshot(path):
    if not path:
        return
    try:
        subprocess.run(['import', '-window', 'root', path], check=True, timeout=30)
        log('screenshot: ' + path)
    except Exception as e:
        log('screenshot failed: %s' % e)


def go_to_page(app, name):
    """Select the sidebar row called @name (AT-SPI Selection, then Action)."""
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


def main():
    app = tree.root.application('faultline')
    log('found application faultline')

    # Explore: the chart exposes its summary as accessible name.
    go_to_page(app, 'Explore')
    chart = wait_for('chart summary', lambda: find_all(
        app, lambda n: n.roleName == 'filler' and n.name.startswith('RTT of ')))
    log('chart: %s (%s)' % (chart[0].name, chart[0].roleName))
    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT_EXPLORE'))

    # Experiment: run with the defaults.
    go_to_page(app, 'Experiment')
    # The page opens on the experiment kinds: set up "Compare Models".
    setup = wait_for('Compare Models card', lambda: find_all(
        app, lambda n: n.roleName == 'push button' and n.name == 'Set Up Compare Models'))[0]
    setup.doActionNamed('click')
    log('opened the Compare Models form')
    button = wait_for('Run Experiment button', lambda: find_all(
        app, lambda n: n.roleName == 'push button' and n.name == 'Run Experiment'))[0]
    button.doActionNamed('click')
    log('clicked Run Experiment')

    # GTK 4.8 does not report the showing state, so wait for the result
    # subtitle ("Run N on KEY, threshold T") that only a finished run sets.
    def cells():
        if not find_all(app, lambda n: n.roleName == 'label' and
                        n.name.startswith('Run ') and ' on ' in n.name):
            return None
        found = {}
        for n in find_all(app, lambda n: n.roleName == 'label' and
                          n.name.startswith(CELL_PREFIXES)):
            found[n.name.split(':')[0] + ':'] = n.name
        return found if len(found) == 4 else None

    try:
        found = wait_for('confusion matrix cells', cells, timeout=180)
    except AssertionError:
        errors = [n.name for n in find_all(app, lambda n: n.roleName == 'label')]
        log('visible labels: %s' % errors)
        screenshot(os.environ.get('FL_UI_SCREENSHOT'))
        raise
    for prefix in CELL_PREFIXES:
        log('cell: ' + found[prefix])
        assert '% of actual' in found[prefix] or 'no actual' in found[prefix]

    for heading in ('Predicted: normal', 'Predicted: degraded',
                    'Actual: normal', 'Actual: degraded'):
        assert find_all(app, lambda n: n.roleName == 'label' and n.name == heading), heading

    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT'))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except AssertionError as e:
        print('FAIL: %s' % e)
        sys.exit(1)
