#!/bin/sh
echo "$GREETING"
echo "compiled in a build container named @STAGE@, running as $(id -un)"
