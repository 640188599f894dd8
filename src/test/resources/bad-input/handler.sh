#!/usr/bin/env bash
# The handler of BadInputCatalogueTest: what it does is the row's loopStyle ($1); $2 is the id.
case "$1" in
  chatty)          # 100 MB on one line, then the output line, exit 0
    head -c 104857600 /dev/zero | tr '\0' 'x'
    echo
    echo "outputPath=/outputs/$2.mp4"
    ;;
  chatty-failing)  # 100 MB of log lines, then the reason, exit 3
    yes "rendering frame" | head -c 104857600
    echo "the renderer gave up on $2"
    exit 3
    ;;
  hang)            # never exits by itself (a child process, so the whole tree must be killed)
    sleep 3600.25
    ;;
  *)
    echo "outputPath=/outputs/$2.mp4"
    ;;
esac
