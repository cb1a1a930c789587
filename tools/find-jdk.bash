# Sourced by ./thplab and tools/aot-cache, so that the start-up cache is made by the JDK
# that will run it. Chooses a JDK without starting one (`java -version` costs ~50 ms) and
# without forking in the usual case: the version comes from the JDK's `release` file.
#
# thplab_find_jdk sets JDK_JAVA (path of bin/java) and JDK_FEATURE (25, 17, ...) to the
# first JDK 25 or newer among $JAVA_HOME, /usr/lib/jvm/* and the java on the PATH (JDK 25's
# AOT cache is what makes start-up fast), otherwise to the first JDK 17 or newer among them;
# returns 1 if there is none. $THPLAB_JAVA_HOME, when set, is taken as it is.

# Sets _feature to the feature version of the JDK at $1 (0 when it is not a JDK we can read).
thplab_jdk_feature() {
  local line
  _feature=0
  if [ -x "$1/bin/java" ] && [ -r "$1/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) _feature=${line#JAVA_VERSION=}; _feature=${_feature//\"/}; _feature=${_feature%%[.+-]*} ;;
      esac
    done < "$1/release"
  fi
  case $_feature in '' | *[!0-9]*) _feature=0 ;; esac
}

thplab_find_jdk() {
  local home dir fallback='' fallback_feature=0 _feature
  if [ -n "${THPLAB_JAVA_HOME:-}" ]; then
    thplab_jdk_feature "$THPLAB_JAVA_HOME"
    JDK_JAVA=$THPLAB_JAVA_HOME/bin/java JDK_FEATURE=$_feature
    [ "$_feature" -ge 17 ]
    return
  fi
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    [ -d "$home" ] && candidates+=("${home%/}")
  done
  candidates+=(PATH)
  for home in "${candidates[@]}"; do
    if [ "$home" = PATH ]; then
      # resolved last, and only here: following the alternatives symlinks costs a process
      home=''
      local IFS=:
      for dir in $PATH; do
        if [ -x "$dir/java" ]; then home=$(readlink -f "$dir/java"); home=${home%/bin/java}; break; fi
      done
      unset IFS
      [ -n "$home" ] || continue
    fi
    thplab_jdk_feature "$home"
    if [ "$_feature" -ge 25 ]; then
      JDK_JAVA=$home/bin/java JDK_FEATURE=$_feature
      return 0
    fi
    if [ "$_feature" -ge 17 ] && [ -z "$fallback" ]; then
      fallback=$home fallback_feature=$_feature
    fi
  done
  [ -n "$fallback" ] || return 1
  JDK_JAVA=$fallback/bin/java JDK_FEATURE=$fallback_feature
}
