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
import time

from ui_common import find_all, go_to_page, log, screenshot, tree, wait_for, run_main


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
    run_main(main)
