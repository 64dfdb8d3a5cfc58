#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
SW_TEST_AS=sw-unpriv SW_TEST_NAME=unpriv-view && export SW_TEST_AS SW_TEST_NAME
exec sh "${SW_SRCDIR:-$(dirname "$0")/../..}/tests/integration/view.t"
