#!/usr/bin/env bash
# Starts the real application on a virtual X display (Xvfb), waits for it to
# draw, and saves a screenshot of the screen. Used for the README's pictures.
# Needs: xvfb, imagemagick (import), and xdotool for clicks. Usage:
#   [QS_SCREENSHOT_CLICKS="x,y x,y"] tests/ui/take_screenshot.sh BUILD_DIR OUT.png [qlora-studio arguments...]
# QS_SCREENSHOT_CLICKS: screen points clicked in turn, one second apart, before the picture;
# QS_SCREENSHOT_AFTER: seconds to wait after the last click (e.g. while a training run draws its charts);
# QS_SCREENSHOT_STEPS: after the clicks, steps separated by ';': click:X,Y  type:TEXT  key:NAME  sleep:SECONDS.
set -euo pipefail
build=$1
out=$2
shift 2
display=:$((90 + RANDOM % 9))
home=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT

Xvfb "$display" -screen 0 1100x720x24 -nolisten tcp &
xvfb=$!
sleep 1
# A fresh settings folder: the window opens at its default size and place.
DISPLAY=$display XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data \
    "$build/bin/qlora-studio" "$@" &
app=$!
sleep "${QS_SCREENSHOT_DELAY:-4}"
for point in ${QS_SCREENSHOT_CLICKS:-}; do
    DISPLAY=$display xdotool mousemove "${point%,*}" "${point#*,}" click 1
    sleep 1
done
IFS=';' read -r -a steps <<< "${QS_SCREENSHOT_STEPS:-}"
for step in "${steps[@]}"; do
    case "$step" in
        click:*) point=${step#click:}; DISPLAY=$display xdotool mousemove "${point%,*}" "${point#*,}" click 1 ;;
        type:*) DISPLAY=$display xdotool type --delay 20 "${step#type:}" ;;
        key:*) DISPLAY=$display xdotool key "${step#key:}" ;;
        sleep:*) sleep "${step#sleep:}" ;;
    esac
    sleep 0.5
done
sleep "${QS_SCREENSHOT_AFTER:-0}"
DISPLAY=$display import -window root "$out"
echo "saved $out"
