#!/bin/sh
# Exit 1 (and say so) while next year's holiday arrangement is unknown to the
# installation: neither in chinese_calendar's range nor entered with
# `gongkai calendar set-year`. Run by gongkai-calendar-check.timer in Nov–Dec.
set -eu
gongkai=${GONGKAI:-/opt/gongkai/.venv/bin/gongkai}
next=$(( $(date +%Y) + 1 ))
"$gongkai" calendar list | awk -F '\t' -v next_year="$next" '
  { split($1, range, "-"); last = (range[2] == "" ? range[1] : range[2])
    if (range[1] <= next_year && next_year <= last) found = 1 }
  END { exit found ? 0 : 1 }' && exit 0
echo "${next}年节假日安排未录入：gongkai calendar set-year ${next} --source \"国办发明电〔…〕…号\" --holidays … (next year's holiday arrangement is not entered)" >&2
exit 1
