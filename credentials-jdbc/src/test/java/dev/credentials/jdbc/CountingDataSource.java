package dev.credentials.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A data source that records every statement prepared or created through its connections, with the
 * thread that did it, and apart from them the savepoints, commits and rollbacks: tests count round
 * trips with it.
 */
final class CountingDataSource {

  /** One statement and the thread that prepared it. */
  record Statement(Thread thread, String sql) {}

  private final List<Statement> statements = new CopyOnWriteArrayList<>();
  private final List<String> transactionCalls = new CopyOnWriteArrayList<>();
  private final DataSource dataSource;

  CountingDataSource(DataSource target) {
    this.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = invoke(method, target, args);
                  if (method.getName().equals("getConnection")) {
                    Connection c = (Connection) result;
                    return Proxy.newProxyInstance(
                        Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class},
                        (p, m, a) -> {
                          if (m.getName().startsWith("prepare")
                              || m.getName().equals("createStatement")) {
                            statements.add(
                                new Statement(
                                    Thread.currentThread(), a == null ? "" : String.valueOf(a[0])));
                          } else if (m.getName().equals("setSavepoint")
                              || m.getName().equals("releaseSavepoint")
                              || m.getName().equals("commit")
                              || m.getName().equals("rollback")) {
                            transactionCalls.add(m.getName());
                          }
                          return invoke(m, c, a);
                        });
                  }
                  return result;
                });
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Every statement so far, in order. */
  List<String> all() {
    return statements.stream().map(Statement::sql).collect(Collectors.toList());
  }

  /** The statements this thread prepared so far, in order. */
  List<String> mine() {
    Thread me = Thread.currentThread();
    return statements.stream()
        .filter(s -> s.thread() == me)
        .map(Statement::sql)
        .collect(Collectors.toList());
  }

  /** Savepoints set and released, commits and rollbacks so far, by method name, in order. */
  List<String> transactionCalls() {
    return List.copyOf(transactionCalls);
  }

  void clear() {
    statements.clear();
    transactionCalls.clear();
  }

  private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
