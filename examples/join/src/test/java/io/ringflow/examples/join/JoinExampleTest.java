package io.ringflow.examples.join;

import io.ringflow.examples.join.JoinExample.Order;
import io.ringflow.examples.join.JoinExample.Result;
import io.ringflow.examples.join.JoinExample.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JoinExampleTest {

    @Test
    void everyOrderIsPaidOnceExceptEachTenthWhichIsUnpaid(@TempDir Path dir) {
        int orders = 20_000;
        List<Result> results = JoinExample.run(orders, dir).stream()
            .sorted(Comparator.comparingLong(Result::orderId)).toList();
        assertEquals(orders, results.size(), "one result per order");
        for (int id = 0; id < orders; id++) {
            Status expected = id % 10 == 9 ? Status.UNPAID : Status.PAID;
            assertEquals(new Result(id, expected, Order.generate(id).amountCents()), results.get(id));
        }
    }
}
