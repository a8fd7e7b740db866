#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>                  /* seed: <sys/scoket.h>, no such file */

#define BUFF_SIZE 1024

int main(void)
{
    int server_socket, client_socket;
    struct sockaddr_in server_addr, client_addr;
    socklen_t client_addr_size;                /* seed: int */
    char buff_rcv[BUFF_SIZE + 5];
    char buff_snd[BUFF_SIZE + 5];

    server_socket = socket(PF_INET, SOCK_STREAM, 0);
    if (-1 == server_socket) { printf("server socket 생성 실패\n"); exit(1); }

    memset(&server_addr, 0, sizeof(server_addr));  /* seed: a ")" missing */
    server_addr.sin_family      = AF_INET;
    server_addr.sin_port        = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  /* seed: INADDR_ANY */
    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))
    { printf("bind() 실행 에러\n"); exit(1); }
    if (-1 == listen(server_socket, 5))
    { printf("대기상태 모드 설정 실패\n"); exit(1); }

    client_addr_size = sizeof(client_addr);
    /* seed: ..., client_addr_size) -- the value, not its address */
    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);
    if (-1 == client_socket) { printf("클라이언트 연결 수락 실패\n"); exit(1); }

    read(client_socket, buff_rcv, BUFF_SIZE);
    sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);  /* seed: strlen() for %d */
    write(client_socket, buff_snd, strlen(buff_snd) + 1);  // +1: NULL까지 포함해서 전송 (kept)
    close(client_socket);
    close(server_socket);
    return 0;
}
