# Shared JDK selection for ./mvnw, ./ptosim and .ci/run (POSIX sh; source it, do not run it).
#
# ptosim_use_jdk exports JAVA_HOME naming a JDK whose major version is at least
# PTOSIM_MIN_JAVA (default 21). Candidates, in order: $JAVA_HOME, the `java` on PATH, then the
# newest JDK under /usr/lib/jvm, ~/.sdkman/candidates/java and /Library/Java/JavaVirtualMachines.
# A candidate must have bin/java and bin/javac. When none qualifies it prints one line saying
# how to get one and returns 1.

PTOSIM_MIN_JAVA=${PTOSIM_MIN_JAVA:-21}

# Prints the major version of the JDK at $1 (e.g. 25), or nothing if it is not a JDK.
ptosim_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _v=""
  if [ -r "$1/release" ]; then
    # Built-ins only (no sed): the launcher calls this on every command.
    while IFS= read -r _l || [ -n "$_l" ]; do
      case $_l in
        'JAVA_VERSION="'*'"'*) _v=${_l#JAVA_VERSION=\"}; _v=${_v%%\"*}; break ;;
      esac
    done < "$1/release"
  fi
  if [ -z "$_v" ]; then
    _v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$_v" in
    1.*) _v=${_v#1.} ;;
  esac
  _v=${_v%%[!0-9]*}
  [ -n "$_v" ] && printf '%s\n' "$_v"
  return 0
}

# Succeeds when the JDK at $1 is at least PTOSIM_MIN_JAVA.
ptosim_jdk_ok() {
  _m=$(ptosim_jdk_major "$1")
  [ -n "$_m" ] && [ "$_m" -ge "$PTOSIM_MIN_JAVA" ]
}

# Prints the home of the `java` on PATH, following links.
ptosim_path_jdk() {
  _j=$(command -v java 2>/dev/null) || return 0
  _j=$(readlink -f "$_j" 2>/dev/null || printf '%s' "$_j")
  dirname "$(dirname "$_j")"
}

ptosim_use_jdk() {
  if [ -n "${JAVA_HOME-}" ] && ptosim_jdk_ok "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi
  _p=$(ptosim_path_jdk)
  if [ -n "$_p" ] && ptosim_jdk_ok "$_p"; then
    JAVA_HOME=$_p
    export JAVA_HOME
    return 0
  fi
  _best=""
  _bestm=0
  case $- in *f*) _noglob=1; set +f ;; *) _noglob=0 ;; esac
  for _d in /usr/lib/jvm/* "${HOME-}"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$_d" ] || continue
    [ -L "$_d" ] && continue
    _m=$(ptosim_jdk_major "$_d")
    [ -n "$_m" ] || continue
    if [ "$_m" -ge "$PTOSIM_MIN_JAVA" ] && [ "$_m" -gt "$_bestm" ]; then
      _best=$_d
      _bestm=$_m
    fi
  done
  [ "$_noglob" = 1 ] && set -f
  if [ -n "$_best" ]; then
    JAVA_HOME=$_best
    export JAVA_HOME
    return 0
  fi
  echo "ptosim: needs a JDK >= $PTOSIM_MIN_JAVA (found none in JAVA_HOME, PATH, /usr/lib/jvm or ~/.sdkman); install one, e.g. 'apt-get install openjdk-21-jdk' or 'sdk install java 21-tem', or set JAVA_HOME to it." >&2
  return 1
}
