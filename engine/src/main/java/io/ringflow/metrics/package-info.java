/**
 * JMX MBeans of running jobs, under {@code io.ringflow:type=Job|Task|Channel,job=...}: registered
 * when a job (or an attempt's tasks and rings) starts, unregistered when it ends. They read
 * counters that exist anyway (ring sequences, checkpoint statistics); nothing is counted per record.
 */
package io.ringflow.metrics;
