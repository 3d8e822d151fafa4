# Sourced by tool/predict_spark.sh and tool/bench.sh spark before tool/classpath.sh: puts in front
# of JAVA_OPTS the module flags Spark's own launcher adds on Java 17 (the list of
# acosp-spark/pom.xml's spark.add.opens) and leaves Spark's loopback and native-Hadoop notices out
# of the output.
JAVA_OPTS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
-Dorg.slf4j.simpleLogger.log.org.apache.spark.util.Utils=error \
-Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error ${JAVA_OPTS:-}"
