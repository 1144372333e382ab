#!/usr/bin/python3
# ui_remove.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Removes the sample project's only source from the Data page: the trash
# button of its row asks first (Cancel keeps it), Remove takes it away and
# the page shows its empty state.

import os
import time

from ui_common import find_all, go_to_page, log, screenshot, tree, wait_for, run_main

SOURCE = '11119.csv'


def remove_button(app):
    found = find_all(app, lambda n: n.roleName in ('push button', 'button') and
                     n.name == 'Remove ' + SOURCE)
    return found[0] if found else None


def dialog_button(app, label):
    """The open confirmation's response button called @label. It is named
    with its mnemonic ("_Remove Remove"), unlike the page's own Cancel;
    AdwMessageDialog has a second, hidden set (the other layout), of size 0."""
    def visible(n):
        w, h = n.size
        return w > 0 and h > 0
    found = find_all(app, lambda n: n.roleName in ('push button', 'button') and
                     (n.name or '').startswith('_' + label) and visible(n))
    return found[-1] if found else None


def respond(app, label):
    button = wait_for('the %s response' % label, lambda: dialog_button(app, label), timeout=30)
    press(button)


def press(node):
    """Activates a button through AT-SPI (no screen coordinates under Xvfb)."""
    try:
        node.doActionNamed('click')
    except Exception as e:
        log('click action failed (%s); clicking' % e)
        node.click()


def main():
    app = tree.root.application('faultline')
    log('found application faultline')
    go_to_page(app, 'Data')

    button = wait_for('the remove button of ' + SOURCE, lambda: remove_button(app), timeout=60)
    press(button)
    wait_for('the confirmation', lambda: find_all(
        app, lambda n: n.roleName == 'label' and n.name == 'Remove “%s”?' % SOURCE), timeout=30)
    time.sleep(1.0)
    screenshot(os.environ.get('FL_UI_SCREENSHOT_REMOVE'))
    respond(app, 'Cancel')
    time.sleep(1.0)
    assert remove_button(app) is not None, 'Cancel removed the source'
    log('Cancel kept the source')

    press(remove_button(app))
    respond(app, 'Remove')
    # GTK 4.8 does not report the showing state: wait for the source's row
    # and its series' row to leave the tree.
    wait_for('the source and its series to go', lambda: remove_button(app) is None and not find_all(
        app, lambda n: n.roleName == 'label' and (n.name or '').startswith('trace:11119 · 10001 samples')), timeout=60)
    log('removed: no source row, no series row')
    return 0


if __name__ == '__main__':
    run_main(main)
