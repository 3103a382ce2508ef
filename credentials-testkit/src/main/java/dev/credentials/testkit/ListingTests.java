package dev.credentials.testkit;

import static dev.credentials.testkit.RepositoryFixtures.T0;
import static dev.credentials.testkit.RepositoryFixtures.credential;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialQuery;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kit's tests of listing and queries. */
interface ListingTests extends KitContext {

  @Test
  @DisplayName("credentials are listed by name, then environment")
  default void ordering() {
    insert(credential(TENANT_A, "delta").build());
    insert(credential(TENANT_A, "alpha").environment("staging").build());
    insert(credential(TENANT_A, "charlie").build());
    insert(credential(TENANT_A, "alpha").environment("production").build());
    insert(credential(TENANT_A, "bravo").build());
    List<StoredCredential> all = list(TENANT_A, CredentialQuery.all());
    assertThat(all)
        .extracting(s -> s.metadata().name() + "/" + s.metadata().environment())
        .containsExactly(
            "alpha/production",
            "alpha/staging",
            "bravo/production",
            "charlie/production",
            "delta/production");
  }

  @Test
  @DisplayName("every query filter selects what it names")
  default void filters() {
    insert(credential(TENANT_A, "erp main").prototype("demo-api").tags("finance", "eu").build());
    insert(
        credential(TENANT_A, "erp backup")
            .prototype("demo-api")
            .environment("staging")
            .active(false)
            .build());
    insert(credential(TENANT_A, "warehouse").prototype("demo-db").tags("eu").build());
    insert(
        credential(TENANT_A, "crm")
            .prototype("demo-db")
            .environment("staging")
            .tags("finance")
            .build());

    assertThat(names(list(TENANT_A, CredentialQuery.all().withPrototype("demo-db"))))
        .containsExactly("crm", "warehouse");
    assertThat(names(list(TENANT_A, CredentialQuery.all().withEnvironment("staging"))))
        .containsExactly("crm", "erp backup");
    assertThat(names(list(TENANT_A, CredentialQuery.all().withTag("finance"))))
        .containsExactly("crm", "erp main");
    assertThat(names(list(TENANT_A, CredentialQuery.all().withActive(false))))
        .containsExactly("erp backup");
    assertThat(names(list(TENANT_A, CredentialQuery.all().withActive(true))))
        .containsExactly("crm", "erp main", "warehouse");
    assertThat(names(list(TENANT_A, CredentialQuery.all().withNameContaining("ERP"))))
        .as("name filter ignores case")
        .containsExactly("erp backup", "erp main");
    assertThat(names(list(TENANT_A, CredentialQuery.all().withNameContaining("house"))))
        .containsExactly("warehouse");
    assertThat(
            names(
                list(
                    TENANT_A,
                    CredentialQuery.all()
                        .withPrototype("demo-api")
                        .withTag("eu")
                        .withActive(true)
                        .withEnvironment("production")
                        .withNameContaining("main"))))
        .containsExactly("erp main");
    assertThat(list(TENANT_A, CredentialQuery.all().withTag("none"))).isEmpty();
  }

  @Test
  @DisplayName("pages carry the total and tell whether more follow")
  default void paging() {
    for (String n : List.of("a1", "a2", "a3", "a4", "a5")) {
      insert(credential(TENANT_A, n).build());
    }
    Page<StoredCredential> first =
        db().credentials().list(TENANT_A, CredentialQuery.all(), PageRequest.first(2));
    assertThat(names(first.items())).containsExactly("a1", "a2");
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.hasNext()).isTrue();
    Page<StoredCredential> second =
        db().credentials().list(TENANT_A, CredentialQuery.all(), first.request().next());
    assertThat(names(second.items())).containsExactly("a3", "a4");
    Page<StoredCredential> last =
        db().credentials().list(TENANT_A, CredentialQuery.all(), new PageRequest(4, 2));
    assertThat(names(last.items())).containsExactly("a5");
    assertThat(last.hasNext()).isFalse();
    assertThat(last.total()).isEqualTo(5);
    Page<StoredCredential> beyond =
        db().credentials().list(TENANT_A, CredentialQuery.all(), new PageRequest(10, 2));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(5);
    Page<StoredCredential> filtered =
        read(
            u ->
                u.credentials()
                    .list(
                        TENANT_A,
                        CredentialQuery.all().withNameContaining("a"),
                        new PageRequest(1, 1)));
    assertThat(names(filtered.items())).containsExactly("a2");
    assertThat(filtered.total()).isEqualTo(5);
  }

  @Test
  @DisplayName("credentials of any of several prototypes are found, ordered by name")
  default void ofPrototypes() {
    insert(credential(TENANT_A, "zulu").prototype("demo-api").build());
    insert(credential(TENANT_A, "yankee").prototype("demo-db").build());
    insert(credential(TENANT_A, "xray").prototype("demo-cloud").build());
    assertThat(names(db().credentials().ofPrototypes(TENANT_A, Set.of("demo-api", "demo-db"))))
        .containsExactly("yankee", "zulu");
    List<StoredCredential> unknown = db().credentials().ofPrototypes(TENANT_A, Set.of("unknown"));
    assertThat(unknown).isEmpty();
    List<StoredCredential> none = db().credentials().ofPrototypes(TENANT_A, Set.of());
    assertThat(none).isEmpty();
  }

  @Test
  @DisplayName(
      "binding candidates are the first active, unexpired credentials of the prototypes, by name")
  default void candidates() {
    insert(credential(TENANT_A, "echo").prototype("demo-api").build());
    insert(credential(TENANT_A, "delta").prototype("demo-db").build());
    insert(credential(TENANT_A, "charlie").prototype("demo-api").active(false).build());
    insert(credential(TENANT_A, "bravo").prototype("demo-db").expiresAt(T0).build());
    insert(credential(TENANT_A, "alpha").prototype("demo-cloud").build());
    insert(
        credential(TENANT_A, "foxtrot").prototype("demo-api").expiresAt(T0.plusSeconds(1)).build());
    insert(credential(TENANT_B, "able").prototype("demo-api").build());
    Set<String> both = Set.of("demo-api", "demo-db");
    assertThat(names(db().credentials().candidates(TENANT_A, both, T0, 10)))
        .as("inactive and expired (at or before now) left out, other prototypes and tenants too")
        .containsExactly("delta", "echo", "foxtrot");
    assertThat(names(db().credentials().candidates(TENANT_A, both, T0, 2)))
        .containsExactly("delta", "echo");
    assertThat(db().credentials().candidates(TENANT_A, both, T0, 0)).isEmpty();
    assertThat(db().credentials().candidates(TENANT_A, Set.of(), T0, 10)).isEmpty();
  }

  @Test
  @DisplayName("active credentials expiring before an instant are found, soonest first")
  default void expiringBefore() {
    insert(credential(TENANT_A, "late").expiresAt(T0.plus(Duration.ofDays(30))).build());
    insert(credential(TENANT_A, "soon").expiresAt(T0.plus(Duration.ofDays(2))).build());
    insert(credential(TENANT_A, "sooner").expiresAt(T0.plus(Duration.ofDays(1))).build());
    insert(credential(TENANT_A, "inactive").active(false).expiresAt(T0.plusSeconds(1)).build());
    insert(credential(TENANT_A, "never").build());
    insert(credential(TENANT_A, "expired").expiresAt(T0.minusSeconds(60)).build());
    insert(credential(TENANT_A, "boundary").expiresAt(T0.plus(Duration.ofDays(7))).build());

    assertThat(names(db().credentials().expiringBefore(TENANT_A, T0.plus(Duration.ofDays(7)))))
        .as("active only, strictly before the instant, soonest first")
        .containsExactly("expired", "sooner", "soon");
  }

  @Test
  @DisplayName("listing orders by name, environment, id and filters on every field")
  default void listing() {
    StoredCredential b = insert(ContractData.cred("b").prototype("http").tags("x").build());
    StoredCredential a2 = insert(ContractData.cred("a").env("staging").tags("x", "y").build());
    StoredCredential a1 =
        insert(ContractData.cred("a").env("production").active(false).tags().build());
    StoredCredential pct = insert(ContractData.cred("Big_100%").env("dev").tags("y").build());
    StoredCredential other = insert(ContractData.cred("Bigx100x").env("dev").build());
    insert(ContractData.cred("a").tenant(ContractData.GLOBEX).build());
    Function<CredentialQuery, List<StoredCredential>> list =
        q -> read(u -> u.credentials().list(ContractData.ACME, q, PageRequest.first(100)).items());
    assertThat(list.apply(CredentialQuery.all())).containsExactly(pct, other, a1, a2, b);
    assertThat(list.apply(CredentialQuery.all().withPrototype("http"))).containsExactly(b);
    assertThat(list.apply(CredentialQuery.all().withEnvironment("dev")))
        .containsExactly(pct, other);
    assertThat(list.apply(CredentialQuery.all().withTag("x"))).containsExactly(a2, b);
    assertThat(list.apply(CredentialQuery.all().withTag("nope"))).isEmpty();
    assertThat(list.apply(CredentialQuery.all().withActive(false))).containsExactly(a1);
    assertThat(list.apply(CredentialQuery.all().withActive(true)))
        .containsExactly(pct, other, a2, b);
    assertThat(list.apply(CredentialQuery.all().withNameContaining("G_1"))).containsExactly(pct);
    assertThat(list.apply(CredentialQuery.all().withNameContaining("100%"))).containsExactly(pct);
    assertThat(list.apply(CredentialQuery.all().withNameContaining("BIG")))
        .containsExactly(pct, other);
    assertThat(list.apply(CredentialQuery.all().withNameContaining(""))).hasSize(5);
    assertThat(
            list.apply(
                CredentialQuery.all().withEnvironment("staging").withTag("y").withActive(true)))
        .containsExactly(a2);
  }

  @Test
  @DisplayName("listing pages with offset and size and counts every match")
  default void pagingAsTheReference() {
    List<StoredCredential> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(insert(ContractData.cred("n" + i).build()));
    }
    Page<StoredCredential> first =
        read(
            u ->
                u.credentials()
                    .list(ContractData.ACME, CredentialQuery.all(), PageRequest.first(3)));
    assertThat(first.items()).containsExactlyElementsOf(all.subList(0, 3));
    assertThat(first.total()).isEqualTo(7);
    assertThat(first.hasNext()).isTrue();
    Page<StoredCredential> last =
        read(
            u ->
                u.credentials()
                    .list(ContractData.ACME, CredentialQuery.all(), new PageRequest(6, 3)));
    assertThat(last.items()).containsExactly(all.get(6));
    assertThat(last.hasNext()).isFalse();
    Page<StoredCredential> beyond =
        read(
            u ->
                u.credentials()
                    .list(ContractData.ACME, CredentialQuery.all(), new PageRequest(50, 3)));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(7);
  }

  @Test
  @DisplayName("credentials of prototypes are ordered by name, environment, id")
  default void ofPrototypesAsTheReference() {
    StoredCredential c = insert(ContractData.cred("c").prototype("p1").build());
    StoredCredential a = insert(ContractData.cred("a").prototype("p2").build());
    insert(ContractData.cred("b").prototype("p3").build());
    insert(ContractData.cred("a").prototype("p1").tenant(ContractData.GLOBEX).build());
    assertThat(
            read(
                (UnitOfWork u) ->
                    u.credentials().ofPrototypes(ContractData.ACME, Set.of("p1", "p2"))))
        .containsExactly(a, c);
    assertThat(read((UnitOfWork u) -> u.credentials().ofPrototypes(ContractData.ACME, Set.of())))
        .isEmpty();
  }

  @Test
  @DisplayName("expiring credentials are the active ones expiring strictly before, soonest first")
  default void expiring() {
    Instant limit = ContractData.T0.plusSeconds(100);
    StoredCredential later =
        insert(ContractData.cred("a").expires(ContractData.T0.plusSeconds(50)).build());
    StoredCredential sooner =
        insert(ContractData.cred("z").expires(ContractData.T0.plusSeconds(10)).build());
    StoredCredential sameTimeB =
        insert(ContractData.cred("b").expires(ContractData.T0.plusSeconds(50)).build());
    insert(ContractData.cred("at-limit").expires(limit).build());
    insert(ContractData.cred("inactive").expires(ContractData.T0).active(false).build());
    insert(ContractData.cred("never").build());
    insert(
        ContractData.cred("foreign").tenant(ContractData.GLOBEX).expires(ContractData.T0).build());
    assertThat(read((UnitOfWork u) -> u.credentials().expiringBefore(ContractData.ACME, limit)))
        .containsExactly(sooner, later, sameTimeB);
  }
}
