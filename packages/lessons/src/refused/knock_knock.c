#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(void)
{
    int sock;
    struct sockaddr_in serv_addr;

    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(4000);
    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

    /* 1. nobody has this port */
    sock = socket(PF_INET, SOCK_STREAM, 0);
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
        perror("connect");            /* connect: Connection refused */
    close(sock);                      /* a failed socket is not reused */

    /* 2. ./bound_server has bound the port, but does not listen */
    sock = socket(PF_INET, SOCK_STREAM, 0);
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
        perror("connect");
    close(sock);

    /* 3. now it listens */
    sock = socket(PF_INET, SOCK_STREAM, 0);
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
    { perror("connect"); exit(1); }
    printf("connected\n");
    close(sock);
    return 0;
}
