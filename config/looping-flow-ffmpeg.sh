#!/usr/bin/env bash
# Looping Flow: loops a source clip to the target duration (the generation-queue's command
# handler for looping_flow_generations; see config/generation-queue.yml).
#
#   looping-flow-ffmpeg.sh SOURCE TARGET_SECONDS LOOP_STYLE CROSSFADE_SECONDS VIDEO_CROSSFADE OUTPUT
#
# LOOP_STYLE simple: the clip repeated; boomerang: forward then reversed, repeated;
# crossfade (with VIDEO_CROSSFADE true): each repetition fades into the next over
# CROSSFADE_SECONDS. The video is H.264; audio layers are left to the app. Prints
# outputPath=OUTPUT, which the worker writes to the row.
set -euo pipefail
src=$1 target=$2 style=$3 fade=$4 video_fade=$5 out=$6
[[ -r "$src" ]] || { echo "source clip not found: $src" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
duration=$(ffprobe -v error -show_entries format=duration -of default=noprint_wrappers=1:nokey=1 "$src")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
encode=(-c:v libx264 -preset veryfast -pix_fmt yuv420p -an -movflags +faststart)
partial="$work/out.mp4"

if [[ "$style" == crossfade && "$video_fade" == true ]] \
		&& awk -v f="$fade" -v d="$duration" 'BEGIN { exit !(f > 0 && f < d) }'; then
	# n copies, each fading into the next: n*d - (n-1)*f >= target
	n=$(awk -v t="$target" -v d="$duration" -v f="$fade" \
		'BEGIN { n = (t - f) / (d - f); c = int(n); if (c < n) c++; if (c < 2) c = 2; print c }')
	inputs=() graph="" last="0:v"
	for ((i = 0; i < n; i++)); do inputs+=(-i "$src"); done
	for ((i = 1; i < n; i++)); do
		offset=$(awk -v i="$i" -v d="$duration" -v f="$fade" 'BEGIN { printf "%.3f", i * (d - f) }')
		graph+="[$last][$i:v]xfade=transition=fade:duration=$fade:offset=$offset[x$i];"
		last="x$i"
	done
	ffmpeg -nostdin -v error -y "${inputs[@]}" -filter_complex "${graph%;}" -map "[$last]" -t "$target" \
		"${encode[@]}" "$partial"
else
	unit="$src"
	if [[ "$style" == boomerang ]]; then
		unit="$work/unit.mp4"
		ffmpeg -nostdin -v error -y -i "$src" -filter_complex "[0:v]split[f][b];[b]reverse[r];[f][r]concat=n=2:v=1[v]" \
			-map "[v]" "${encode[@]}" "$unit"
	fi
	ffmpeg -nostdin -v error -y -stream_loop -1 -i "$unit" -t "$target" "${encode[@]}" "$partial"
fi
mv "$partial" "$out"
echo "outputPath=$out"
