#!/usr/bin/python3
# ui_walkthrough.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the run step of the trace walkthrough on the bundled sample and reads Results.

import os
import time

from ui_common import find_all, go_to_page, log, screenshot, tree, wait_for, run_main


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
    run_main(main)
