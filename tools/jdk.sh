# Sourced, not run, by mvnw and bench/run: finds a JDK 21 or newer without any setup: JAVA_HOME if it is one, else
# the newest JDK under the system's standard JVM directories.
#
#   set -euo pipefail
#   source tools/jdk.sh
#   zsync_find_jdk                     # sets ZSYNC_JDK to the JDK's home; if there is none, says so and fails
#   major=$(major_of "$ZSYNC_JDK")     # 21, 25, ...
#
# Call zsync_find_jdk as a plain command under set -e (not in an if, ||, or $(...)): a JDK whose java cannot even
# print its settings then stops the script, as it always has, instead of being skipped.

major_of() {   # prints the feature version of the JDK at $1, or nothing
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

zsync_find_jdk() {   # sets ZSYNC_JDK to the home of the JDK to use; fails, saying why on stderr, if there is none
    local best="" best_major=0 candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(major_of "$candidate")
        [ -n "$major" ] || continue
        if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best=$candidate; break; fi
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
    done

    if [ -z "$best" ]; then
        echo "zsync needs a JDK 21 or newer, and none was found in JAVA_HOME or /usr/lib/jvm." >&2
        echo "Install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME to it," \
            "then run this again." >&2
        return 1
    fi
    ZSYNC_JDK=$best
}
