package org.thplab.api.arch;

import java.util.function.Consumer;

/**
 * The deposit list of mm/pgtable-generic.c: a circular list of tables linked through
 * their lru words, with the head kept at a {@link HugePteAnchor}.
 *
 * <p>Deposit inserts after the head and makes the new table the head; withdraw takes the
 * head and makes its successor the head. The order that results is neither LIFO nor
 * FIFO, which is fine: deposited tables are interchangeable empty pages.
 */
final class GenericDeposit {

    private GenericDeposit() {
        // static helpers only
    }

    static void push(Architecture arch, long addr, HugePteAnchor anchor, PteTable table) {
        if (table.lruNext() != null) {
            throw ArchRules.violation(arch, "pgtable_trans_huge_deposit", addr,
                    String.format("the table at %#x is already deposited", table.physAddress()));
        }
        PteTable head = anchor.hugePte();
        if (head == null) {
            table.setLruNext(table);
            table.setLruPrev(table);
        } else {
            PteTable next = head.lruNext();
            table.setLruNext(next);
            table.setLruPrev(head);
            next.setLruPrev(table);
            head.setLruNext(table);
        }
        anchor.setHugePte(table);
    }

    static PteTable pop(Architecture arch, long addr, HugePteAnchor anchor) {
        PteTable table = anchor.hugePte();
        if (table == null) {
            throw ArchRules.violation(arch, "pgtable_trans_huge_withdraw", addr,
                    "nothing deposited; expected a table deposited by pgtable_trans_huge_deposit");
        }
        PteTable next = table.lruNext();
        if (next == table) {
            anchor.setHugePte(null);
        } else {
            PteTable prev = table.lruPrev();
            prev.setLruNext(next);
            next.setLruPrev(prev);
            anchor.setHugePte(next);
        }
        table.setLruNext(null);
        table.setLruPrev(null);
        return table;
    }

    static void forEach(HugePteAnchor anchor, Consumer<PteTable> action) {
        PteTable head = anchor.hugePte();
        if (head == null) {
            return;
        }
        PteTable t = head;
        do {
            action.accept(t);
            t = t.lruNext();
        } while (t != head);
    }
}
