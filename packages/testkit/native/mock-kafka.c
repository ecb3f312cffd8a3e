/*
 * A Kafka-protocol test broker: librdkafka's mock cluster, driven over stdin.
 *
 * Usage: mock-kafka <brokers> [<topic>:<partitions> ...]
 *
 * Prints the bootstrap servers as the first stdout line, then answers each stdin command with one line,
 * `ok` or `error <text>`:
 *   down <brokerId>                      disconnect a broker and refuse new connections
 *   up <brokerId>                        accept connections again
 *   rtt <brokerId> <ms>                  delay every response of a broker
 *   errors <apiKey> <err> [<err> ...]    fail the next requests of that API with these error codes
 *   clear-errors <apiKey>                forget the errors pushed for that API
 *   topic <name> <partitions>            create a topic
 *   leader <topic> <partition> <brokerId> move a partition's leadership
 *   quit                                 shut down (so does end of input)
 *
 * Build: cc -O1 -o mock-kafka mock-kafka.c -lrdkafka
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_LINE 4096
#define MAX_ARGS 64
#define MAX_REPLICATION 3

static int broker_count;

/* Parses a whole base-10 integer within [min, max]; returns 0 on success. */
static int parse_int(const char *text, long min, long max, long *out) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < min || value > max) return -1;
  *out = value;
  return 0;
}

static int reply(rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return printf("ok\n");
  return printf("error %s\n", rd_kafka_err2str(err));
}

static rd_kafka_resp_err_t create_topic(rd_kafka_mock_cluster_t *mc, const char *name, int partitions) {
  int replication = broker_count < MAX_REPLICATION ? broker_count : MAX_REPLICATION;
  return rd_kafka_mock_topic_create(mc, name, partitions, replication);
}

/* Runs one command; argv[0] is the command name. */
static void run_command(rd_kafka_mock_cluster_t *mc, int argc, char **argv) {
  const char *cmd = argv[0];
  long a, b;

  if (strcmp(cmd, "down") == 0 && argc == 2 && parse_int(argv[1], -1, INT_MAX, &a) == 0) {
    reply(rd_kafka_mock_broker_set_down(mc, (int32_t)a));
  } else if (strcmp(cmd, "up") == 0 && argc == 2 && parse_int(argv[1], -1, INT_MAX, &a) == 0) {
    reply(rd_kafka_mock_broker_set_up(mc, (int32_t)a));
  } else if (strcmp(cmd, "rtt") == 0 && argc == 3 && parse_int(argv[1], -1, INT_MAX, &a) == 0 &&
             parse_int(argv[2], 0, INT_MAX, &b) == 0) {
    reply(rd_kafka_mock_broker_set_rtt(mc, (int32_t)a, (int)b));
  } else if (strcmp(cmd, "errors") == 0 && argc >= 3 && parse_int(argv[1], 0, INT16_MAX, &a) == 0) {
    rd_kafka_resp_err_t errors[MAX_ARGS];
    int count = argc - 2;
    for (int i = 0; i < count; i++) {
      if (parse_int(argv[i + 2], INT_MIN, INT_MAX, &b) != 0) {
        printf("error invalid error code '%s'\n", argv[i + 2]);
        return;
      }
      errors[i] = (rd_kafka_resp_err_t)b;
    }
    rd_kafka_mock_push_request_errors_array(mc, (int16_t)a, (size_t)count, errors);
    reply(RD_KAFKA_RESP_ERR_NO_ERROR);
  } else if (strcmp(cmd, "clear-errors") == 0 && argc == 2 && parse_int(argv[1], 0, INT16_MAX, &a) == 0) {
    rd_kafka_mock_clear_request_errors(mc, (int16_t)a);
    reply(RD_KAFKA_RESP_ERR_NO_ERROR);
  } else if (strcmp(cmd, "topic") == 0 && argc == 3 && parse_int(argv[2], 1, INT_MAX, &a) == 0) {
    reply(create_topic(mc, argv[1], (int)a));
  } else if (strcmp(cmd, "leader") == 0 && argc == 4 && parse_int(argv[2], 0, INT_MAX, &a) == 0 &&
             parse_int(argv[3], -1, INT_MAX, &b) == 0) {
    reply(rd_kafka_mock_partition_set_leader(mc, argv[1], (int32_t)a, (int32_t)b));
  } else {
    printf("error unknown command or bad arguments: %s\n", cmd);
  }
}

int main(int argc, char **argv) {
  char errstr[512];
  long brokers;

  setvbuf(stdout, NULL, _IOLBF, 0);

  if (argc < 2 || parse_int(argv[1], 1, 64, &brokers) != 0) {
    fprintf(stderr, "usage: %s <brokers 1..64> [<topic>:<partitions> ...]\n", argv[0]);
    return 2;
  }
  broker_count = (int)brokers;

  /* The mock cluster needs a client handle for its bookkeeping; this producer never connects anywhere. */
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (rk == NULL) {
    fprintf(stderr, "rd_kafka_new failed: %s\n", errstr);
    return 1;
  }

  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, broker_count);
  if (mc == NULL) {
    fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    rd_kafka_destroy(rk);
    return 1;
  }

  for (int i = 2; i < argc; i++) {
    char *spec = argv[i];
    char *colon = strrchr(spec, ':');
    long partitions;
    if (colon == NULL || parse_int(colon + 1, 1, INT_MAX, &partitions) != 0) {
      fprintf(stderr, "bad topic '%s': expected <name>:<partitions>\n", spec);
      return 2;
    }
    *colon = '\0';
    rd_kafka_resp_err_t err = create_topic(mc, spec, (int)partitions);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fprintf(stderr, "cannot create topic '%s': %s\n", spec, rd_kafka_err2str(err));
      return 1;
    }
  }

  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));

  char line[MAX_LINE];
  while (fgets(line, sizeof line, stdin) != NULL) {
    char *args[MAX_ARGS];
    int count = 0;
    for (char *token = strtok(line, " \t\r\n"); token != NULL && count < MAX_ARGS; token = strtok(NULL, " \t\r\n")) {
      args[count++] = token;
    }
    if (count == 0) {
      printf("error empty command\n");
      continue;
    }
    if (strcmp(args[0], "quit") == 0) {
      printf("ok\n");
      break;
    }
    run_command(mc, count, args);
  }

  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
